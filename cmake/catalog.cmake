# Placeholder: the action catalog generator sets IW_CATALOG_SOURCE.
set(IW_CATALOG_SOURCE "")

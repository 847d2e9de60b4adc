# Sourced by the Dask end-to-end scripts, after missing.sh.

# Exports PYTHONPATH for the Python module built beside the binary $1; missing() when it was
# not built.
use_python_module() {
  export PYTHONPATH
  PYTHONPATH=$(cd "$(dirname "$1")" && pwd)/python
  compgen -G "$PYTHONPATH/iamwarden/_trail*.so" > /dev/null ||
    missing "the Python module iamwarden._trail" "install pybind11-dev and rebuild"
}

# Prints the Python that imports every module of $1 (comma-separated, as in an import
# statement): the one on PATH, else the system's (Debian's packages). Fails when neither does.
python_with() {
  local p
  for p in python3 /usr/bin/python3; do
    if "$p" -c "import $1" 2> /dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

#!/usr/bin/env bash
# The shell completions of completions/: the bash one completes commands, options and the
# values of --format (the command's own formats), --fail-on and --kind; each of the bash, zsh
# and fish files knows every command and option that `iamwarden --help` lists.
# Usage: bash completions.sh <iamwarden-binary> <source-dir>
set -u
bin=$1
src=$2
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
dir=$src/completions

bash -n "$dir/iamwarden.bash" || { echo "FAIL: iamwarden.bash has a syntax error"; fail=1; }
# shellcheck source=/dev/null
source "$dir/iamwarden.bash"
# complete WORDS...: the completions bash offers for the last word.
complete_words() {
  COMP_WORDS=(iamwarden "$@")
  COMP_CWORD=${#COMP_WORDS[@]}
  COMP_CWORD=$((COMP_CWORD - 1))
  COMPREPLY=()
  _iamwarden
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
check "commands" '[ "$(complete_words w)" = "who-can " ]'
check "every command" '[ "$(complete_words "" | wc -w)" -eq 19 ]'
check "actions subcommands" '[ "$(complete_words actions e)" = "expand " ]'
check "lint --format" '[ "$(complete_words lint --format "")" = "asff csv html json junit ocsf sarif text " ]'
check "audit --format" '[ "$(complete_words audit --format "")" = "asff compliance csv html json junit ocsf sarif text " ]'
check "test --format" '[ "$(complete_words test --format "")" = "json junit text " ]'
check "paths --format" '[ "$(complete_words paths --format "")" = "dot json text " ]'
check "actions show --format" '[ "$(complete_words actions show --format "")" = "json text " ]'
check "--fail-on" '[ "$(complete_words audit --fail-on c)" = "critical " ]'
check "--kind" '[ "$(complete_words lint --kind t)" = "trust " ]'
check "lint options" '[ "$(complete_words lint --f)" = "--fail-on --format " ]'
check "can has no --fail-on" '[ "$(complete_words can --f)" = "--format " ]'
check "demo generate options" '[ "$(complete_words demo generate --s)" = "--seed " ]'

# Every command and option of --help, in each file.
commands=$("$bin" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
check "--help lists commands" '[ -n "$commands" ]'
for c in $commands; do
  subs=$("$bin" "$c" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
  for f in iamwarden.bash _iamwarden iamwarden.fish; do
    check "$f knows $c" 'grep -qw -- "$c" "$dir/$f"'
    for s in $subs; do check "$f knows $c $s" 'grep -qw -- "$s" "$dir/$f"'; done
  done
  for cmd in "$c" $(for s in $subs; do echo "$c/$s"; done); do
    # shellcheck disable=SC2086
    for opt in $("$bin" ${cmd/\// } --help | grep -oE '^ +(-[a-z],)?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
      check "iamwarden.bash offers $opt to ${cmd/\// }" 'complete_words ${cmd/\// } "$opt" | grep -qw -- "$opt"'
      check "_iamwarden knows $opt" 'grep -q -- "$opt\[" "$dir/_iamwarden" || grep -q -- "{.*$opt}" "$dir/_iamwarden"'
      check "iamwarden.fish knows $opt" 'grep -q -- "-l ${opt#--}\( \|$\)" "$dir/iamwarden.fish"'
    done
  done
done

exit $fail

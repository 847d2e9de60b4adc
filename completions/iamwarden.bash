# bash completion for iamwarden: commands, options, and the values of --format, --fail-on,
# --min-severity and --kind. Installed as share/bash-completion/completions/iamwarden.

_iamwarden_options() {  # COMMAND: the options of one command
  local common="--format -o --output -q --quiet -h --help"
  case $1 in
    lint) echo "$common --fail-on --min-severity --checks --skip-checks --baseline --write-baseline --region --kind --account" ;;
    audit) echo "$common --fail-on --min-severity --checks --skip-checks --baseline --write-baseline --region --as-of --config --keep-going --trail -v --verbose" ;;
    paths) echo "$common --fail-on --all --max-depth --threads" ;;
    iac) echo "$common --fail-on --min-severity --checks --skip-checks --region --baseline --write-baseline" \
              "--account --paths --caller-arn --var --var-file --zone --diff --diff-against" ;;
    who-can) echo "$common --fail-on --snapshot --transitive" ;;
    can) echo "$common --snapshot" ;;
    simulate) echo "$common --request --requests --principal --action --resource --resource-account --context" \
                   "--identity-policy --resource-policy --boundary --session-policy --scp --rcp --snapshot" \
                   "--federated-by" ;;
    test) echo "$common -v --verbose" ;;
    "demo generate") echo "$common --accounts --users --roles --policies --seed --realistic" ;;
    collect) echo "$common --profile --region --endpoint-url --resources --org --member-role --identity-center --threads" ;;
    "remediate plan") echo "$common --ids --as-of" ;;
    "remediate apply") echo "$common --profile --region --endpoint-url --backup --yes" ;;
    "remediate rollback") echo "$common --profile --region --endpoint-url --yes" ;;
    "keys rotate") echo "$common --profile --region --endpoint-url --grace-days --key-file --stdout" ;;
    "guardrails generate") echo "--baseline -o --output --break-glass --regions --protected-roles --list --format -q --quiet -h --help" ;;
    "guardrails verify") echo "$common --fail-on --min-severity --checks --skip-checks --snapshot --break-glass --threads" ;;
    checks|"actions expand"|"actions show") echo "$common" ;;
    "trail detect") echo "$common --fail-on --since --until --strict --sigma --baseline --threads" ;;
    "trail usage") echo "$common --fail-on --since --until --strict --snapshot --threads" ;;
    "trail generate-policy") echo "$common --since --until --strict --principal --snapshot" ;;
    "trail baseline") echo "--format -o --output -q --quiet -h --help --since --until --strict --threads" ;;
    "access external") echo "$common --fail-on --zone --account --kind" ;;
    "access diff"|"access check-no-public") echo "$common --kind" ;;
    "access check-not-granted") echo "$common --kind --action --resource" ;;
  esac
}

_iamwarden_formats() {  # COMMAND: the formats it writes
  case $1 in
    lint|iac) echo "text json sarif csv junit asff ocsf html" ;;
    audit) echo "text json sarif csv junit asff ocsf html compliance" ;;
    paths) echo "text json dot" ;;
    "remediate plan") echo "json text" ;;
    test) echo "text json junit" ;;
    checks) echo "text json markdown" ;;
    "trail detect"|"trail usage") echo "text json sarif csv junit asff ocsf html" ;;
    "trail generate-policy") echo "json" ;;
    "access external"|"guardrails verify") echo "text json sarif csv junit asff ocsf html" ;;
    *) echo "text json" ;;
  esac
}

_iamwarden() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local command="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    [[ $word == -* ]] && continue
    if [[ -z $command ]]; then
      command=$word
    elif [[ $command == actions || $command == demo || $command == trail || $command == access || $command == remediate || $command == keys || $command == guardrails ]]; then
      command="$command $word"
      break
    fi
  done

  case $prev in
    --format) mapfile -t COMPREPLY < <(compgen -W "$(_iamwarden_formats "$command")" -- "$cur"); return ;;
    --fail-on|--min-severity) mapfile -t COMPREPLY < <(compgen -W "critical high medium low info" -- "$cur"); return ;;
    --kind) mapfile -t COMPREPLY < <(compgen -W "identity resource trust scp rcp boundary session" -- "$cur"); return ;;
    --snapshot) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --baseline)
      if [[ $command == "guardrails generate" ]]; then
        mapfile -t COMPREPLY < <(compgen -W "all deny-access-key-creation deny-leave-org deny-root protect-iam-roles protect-logging protect-security-services region-allowlist require-imdsv2" -- "$cur")
      else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      fi
      return ;;
    --sigma) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    -o|--output|--config|--request|--requests|--identity-policy|--resource-policy|--boundary|--session-policy|--scp|--rcp)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
  esac

  case $command in
    "") mapfile -t COMPREPLY < <(compgen -W "lint audit iac paths who-can can simulate test actions checks demo trail access collect remediate keys guardrails --version --help" -- "$cur"); return ;;
    actions) mapfile -t COMPREPLY < <(compgen -W "expand show -h --help" -- "$cur"); return ;;
    demo) mapfile -t COMPREPLY < <(compgen -W "generate -h --help" -- "$cur"); return ;;
    trail) mapfile -t COMPREPLY < <(compgen -W "detect baseline usage generate-policy -h --help" -- "$cur"); return ;;
    access) mapfile -t COMPREPLY < <(compgen -W "external diff check-not-granted check-no-public -h --help" -- "$cur"); return ;;
    remediate) mapfile -t COMPREPLY < <(compgen -W "plan apply rollback -h --help" -- "$cur"); return ;;
    keys) mapfile -t COMPREPLY < <(compgen -W "rotate -h --help" -- "$cur"); return ;;
    guardrails) mapfile -t COMPREPLY < <(compgen -W "generate verify -h --help" -- "$cur"); return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_iamwarden_options "$command")" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

complete -o filenames -F _iamwarden iamwarden

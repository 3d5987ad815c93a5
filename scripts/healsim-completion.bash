# bash completion for healsim — installed as
# share/bash-completion/completions/healsim; to try it from a checkout:
#   source scripts/healsim-completion.bash
#
# It asks the command itself, so it never falls out of step with it:
# the commands from `healsim --help`, each command's options from
# `healsim COMMAND --help`, parameter names for --set and --vary from
# `healsim params`, and preset names from `healsim presets`.

_healsim_words() {
    # $1: the healsim to ask; the rest: its arguments.  Output cached per
    # shell, keyed by the whole call.
    local joined="$*"
    local key="${joined//[^A-Za-z0-9]/_}"
    local var="_healsim_cache_${key}"
    if [ -z "${!var+x}" ]; then
        printf -v "$var" '%s' "$("$@" 2>/dev/null)"
    fi
    printf '%s\n' "${!var}"
}

_healsim() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n = || return
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local healsim="${words[0]}"

    if [ "$cword" -eq 1 ]; then
        local commands
        commands=$(_healsim_words "$healsim" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on && /^  [a-z]/{print $1}')
        mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
        return
    fi
    local command="${words[1]}"

    # the value of an option
    case "$prev" in
        -o|--output)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
        --set|--vary)
            local names
            names=$(_healsim_words "$healsim" params | awk 'NR > 1 && $1 ~ /\./ {print $1 "="}')
            compopt -o nospace 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur"); return ;;
        --theme)
            mapfile -t COMPREPLY < <(compgen -W "light dark" -- "$cur"); return ;;
        --size)
            mapfile -t COMPREPLY < <(compgen -W "slide column a4 letter custom" -- "$cur"); return ;;
        --table)
            mapfile -t COMPREPLY < <(compgen -W "csv json" -- "$cur"); return ;;
        --format|--figures)
            local choices="png svg pdf"
            [ "$prev" = --figures ] && choices="phases phases-log cells outcome overview handout none"
            local head="" last="$cur"
            case "$cur" in *,*) head="${cur%,*},"; last="${cur##*,}" ;; esac
            compopt -o nospace 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -P "$head" -W "$choices" -- "$last"); return ;;
        --method)
            mapfile -t COMPREPLY < <(compgen -W "rk2 rk4 rkf45 rkck rk8pd rk1imp rk2imp rk4imp msadams msbdf" -- "$cur"); return ;;
        --width|--height|--dpi|--font|--rtol|--atol|--n|--seed|--shard|-j|--jobs|--labels|--outcome)
            return ;;
    esac

    if [[ "$cur" == -* ]]; then
        local options
        options=$(_healsim_words "$healsim" "$command" --help | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u)
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
        return
    fi

    # the operands
    case "$command" in
        plot|merge)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
        help)
            local commands
            commands=$(_healsim_words "$healsim" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on && /^  [a-z]/{print $1}')
            mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur") ;;
        *)
            local presets
            presets=$(_healsim_words "$healsim" presets | awk '$1 !~ /:$/ && NF {print $1}')
            mapfile -t COMPREPLY < <(compgen -W "$presets" -- "$cur")
            local files
            mapfile -t files < <(compgen -f -X '!*.ini' -- "$cur"; compgen -f -X '!*.txt' -- "$cur"; compgen -d -- "$cur")
            COMPREPLY+=("${files[@]}") ;;
    esac
}
complete -F _healsim healsim

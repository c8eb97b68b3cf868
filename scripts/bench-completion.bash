# Tab completion in bash for the Bench.Functions executable (the apphost in bin/ or publish/), asked from the
# app itself through System.CommandLine's [suggest:POSITION] directive: commands, options and option values.
#   source scripts/bench-completion.bash
_bench_functions_complete() {
  local exe=${COMP_WORDS[0]}
  local line=${COMP_LINE:${#exe}}
  line=${line#"${line%%[![:space:]]*}"}                       # the arguments, without the executable
  local position=$(( COMP_POINT - (${#COMP_LINE} - ${#line}) )) # the cursor, counted within them
  (( position >= 0 )) || return 0
  local cur=${line:0:position}
  cur=${cur##*[[:space:]]}
  local suggestion
  COMPREPLY=()
  while IFS= read -r suggestion; do
    [[ $suggestion == "$cur"* ]] && COMPREPLY+=("$suggestion")
  done < <("$exe" "[suggest:$position]" "$line" 2> /dev/null)
  # bash splits words at ':' (--price smard:DE-LU): reply with what follows the last one typed.
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local typed=${cur%"${cur##*:}"}
    COMPREPLY=("${COMPREPLY[@]#"$typed"}")
  fi
}
complete -o default -F _bench_functions_complete Bench.Functions

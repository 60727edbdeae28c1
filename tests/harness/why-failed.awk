# The last failed task of a molecule log: its first line, then the fields that say why (msg, stderr, ...), each
# with its continuation lines; the first lines of the record when it has none of them. Molecule's own ERROR line when
# no task failed.
/^(fatal|failed): / {n = NR}
/^(ERROR|CRITICAL) / && !/glob failed/ {m = NR}
{line[NR] = $0}
END {
  if (!n) { for (i = m; i && i < m + 14 && i <= NR; i++) print substr(line[i], 1, 240); exit }
  print substr(line[n], 1, 240)
  shown = 0
  for (i = n + 1; i <= NR && line[i] != "" && line[i] !~ /^(TASK|PLAY|RUNNING HANDLER|PLAY RECAP)/; i++) {
    if (line[i] ~ /^    [A-Za-z_]+:/)
      keep = (line[i] ~ /^    (msg|stderr|stdout|module_stderr|module_stdout|reason|assertion|evaluated_to|cmd|rc|exception):/)
    if (keep && shown < 40) { print substr(line[i], 1, 240); shown++ }
  }
  if (!shown) for (i = n + 1; i < n + 14 && i <= NR; i++) print substr(line[i], 1, 240)
}

#!/bin/bash
#SBATCH --job-name=cleanup
#SBATCH --output=.wfc-slurm/logs/cleanup-%j.log
# Removes the temporary files of workflow "workflow" once every job has succeeded; generated
# by wfc. The file list, one quoted name per line, is the first argument.
set -euo pipefail
list=$1
while IFS= read -r line; do
  eval "set -- $line"
  rm -rf -- "$1"
done < "$list"

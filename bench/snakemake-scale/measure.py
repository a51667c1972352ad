# Runs a command and prints its wall time in seconds and the peak resident memory of the process
# tree in kilobytes, as JSON. Python's resource module gives the peak of waited-for children, which
# Node cannot report for a child process.
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peakKb": peak_kb, "status": done.returncode, "stderr": done.stderr[-2000:]}))

import matplotlib
# plots the quality of the calls; run by Snakemake with its `snakemake` object

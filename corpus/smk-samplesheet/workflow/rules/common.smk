import pandas as pd
from snakemake.utils import validate

validate(config, schema="../schemas/config.schema.yaml")

samples = (
    pd.read_csv(config["samples"], sep="\t", dtype={"sample_name": str})
    .set_index("sample_name", drop=False)
    .sort_index()
)
validate(samples, schema="../schemas/samples.schema.yaml")

units = (
    pd.read_csv(config["units"], sep="\t", dtype={"sample_name": str, "unit_name": str})
    .set_index(["sample_name", "unit_name"], drop=False)
    .sort_index()
)
validate(units, schema="../schemas/units.schema.yaml")

wildcard_constraints:
    sample="|".join(samples.index),
    unit="|".join(units["unit_name"]),


def is_paired_end(sample):
    sample_units = units.loc[sample]
    fq2_null = sample_units["fq2"].isnull()
    paired = ~fq2_null
    all_paired = paired.all()
    return all_paired


def get_fastqs(wildcards):
    """Get raw FASTQ files from unit sheet."""
    u = units.loc[(wildcards.sample, wildcards.unit), ["fq1", "fq2"]].dropna()
    return [f"{u.fq1}", f"{u.fq2}"] if len(u) == 2 else [f"{u.fq1}"]


def get_trimmed(wildcards):
    if config["trimming"]["skip"]:
        return get_fastqs(wildcards)
    return expand(
        "results/trimmed/{sample}-{unit}.{read}.fastq.gz",
        read=["1", "2"] if len(get_fastqs(wildcards)) == 2 else ["single"],
        **wildcards,
    )


def get_sample_bams(wildcards):
    return expand(
        "results/mapped/{sample}-{unit}.sorted.bam",
        sample=wildcards.sample,
        unit=units.loc[wildcards.sample].unit_name,
    )

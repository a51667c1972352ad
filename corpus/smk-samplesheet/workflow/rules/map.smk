rule map_reads:
    input:
        reads=get_trimmed,
        ref=config["ref"]["genome"],
    output:
        "results/mapped/{sample}-{unit}.sorted.bam",
    log:
        "logs/bwa/{sample}-{unit}.log",
    params:
        rg=lambda wc: f"@RG\\tID:{wc.sample}-{wc.unit}\\tSM:{wc.sample}",
    threads: 8
    resources:
        mem="8GB",
        runtime="2h",
    container:
        "docker://biocontainers/bwa:v0.7.17_cv1"
    shell:
        "bwa mem -R '{params.rg}' -t {threads} {input.ref} {input.reads} 2> {log} | samtools sort -o {output}"


rule merge_units:
    input:
        get_sample_bams,
    output:
        "results/merged/{sample}.bam",
    shell:
        "samtools merge {output} {input}"


rule count:
    input:
        bam="results/merged/{sample}.bam",
    output:
        "results/counts/{sample}.txt",
    params:
        condition=lambda wc: samples.loc[wc.sample, "condition"],
    shell:
        "samtools view -c {input.bam} | sed 's/^/{params.condition} /' > {output}"

rule cutadapt_pe:
    input:
        get_fastqs,
    output:
        fastq1="results/trimmed/{sample}-{unit}.1.fastq.gz",
        fastq2="results/trimmed/{sample}-{unit}.2.fastq.gz",
        qc="results/trimmed/{sample}-{unit}.paired.qc.txt",
    params:
        extra=config["params"]["cutadapt"],
        minlen=config["trimming"]["min_length"],
    log:
        "logs/cutadapt/{sample}-{unit}.log",
    threads: 4
    resources:
        mem_mb=lambda wildcards, attempt: 2000 * attempt,
        runtime=30,
    conda:
        "../envs/trim.yaml"
    shell:
        "cutadapt {params.extra} -m {params.minlen} -j {threads} "
        "-o {output.fastq1} -p {output.fastq2} {input} > {output.qc} 2> {log}"


rule cutadapt_se:
    input:
        get_fastqs,
    output:
        fastq="results/trimmed/{sample}-{unit}.single.fastq.gz",
        qc="results/trimmed/{sample}-{unit}.single.qc.txt",
    params:
        extra=config["params"]["cutadapt"],
    log:
        "logs/cutadapt/{sample}-{unit}.log",
    conda:
        "../envs/trim.yaml"
    shell:
        "cutadapt {params.extra} -o {output.fastq} {input} > {output.qc} 2> {log}"

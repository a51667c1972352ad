rule stats:
    input:
        "tables/{name}.tsv",
    output:
        "stats/{name}.txt",
    shell:
        "wc -l < {input} > {output}"

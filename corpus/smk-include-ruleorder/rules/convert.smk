# Two rules can make a TSV; ruleorder says which one wins.
rule convert_generic:
    input:
        "inputs/{name}.csv",
    output:
        "tables/{name}.tsv",
    shell:
        "tr ',' '\\t' < {input} > {output}"


rule convert_special:
    input:
        "inputs/special.csv",
    output:
        "tables/special.tsv",
    shell:
        "sed 's/,/\\t/g' {input} > {output}"


ruleorder: convert_special > convert_generic

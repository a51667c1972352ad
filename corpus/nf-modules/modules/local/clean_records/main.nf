process CLEAN_RECORDS {
    tag "${id}"

    input:
    tuple val(id), path(tsv)

    output:
    tuple val(id), path("${id}.clean.tsv"), emit: cleaned

    script:
    """
    tail -n +2 ${tsv} \\
        | tr -d ' ' \\
        | tr '[:upper:]' '[:lower:]' \\
        | sort -u \\
        > ${id}.clean.tsv
    """
}

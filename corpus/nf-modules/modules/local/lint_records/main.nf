process LINT_RECORDS {
    tag "${id}"

    input:
    tuple val(id), path(tsv)

    output:
    tuple val(id), path("${id}.lint.txt"), emit: lint

    script:
    """
    tr -cd '\\t\\n' < ${tsv} \\
        | while IFS= read -r tabs; do echo "fields=\$(( \${#tabs} + 1 ))"; done \\
        | sort \\
        | uniq -c \\
        > ${id}.lint.txt
    """
}

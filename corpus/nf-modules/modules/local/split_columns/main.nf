process SPLIT_COLUMNS {
    tag "${id}"

    input:
    tuple val(id), path(tsv)
    val column

    output:
    tuple val(id), path("${id}.col${column}.txt"), emit: columns

    script:
    """
    cut -f ${column} ${tsv} > ${id}.col${column}.txt
    """
}

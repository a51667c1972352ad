process TALLY {
    tag "${id}"

    input:
    tuple val(id), path(values)

    output:
    tuple val(id), path("${values.baseName}.tally.txt"), emit: tally

    script:
    def args = task.ext.args ?: '-k1,1nr'
    """
    sort ${values} | uniq -c | sort ${args} > ${values.baseName}.tally.txt
    """
}

process REPORT {
    input:
    path tallies
    val title

    output:
    path 'report.txt', emit: report

    script:
    """
    {
        printf '# %s\\n' "${title}"
        for f in ${tallies}; do
            printf '\\n== %s (%s lines)\\n' "\$f" "\$(wc -l < "\$f")"
            cat "\$f"
        done
    } > report.txt
    """
}

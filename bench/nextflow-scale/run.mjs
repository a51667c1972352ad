// Nextflow frontend at nf-core size: 100 modules, 30 sub-workflows, a 100-line config, generated
// here (the shapes follow nf-core's conventions). Prints the time to parse and lower the pipeline,
// in process (first run, then warm median) and from the command line. Target: under 500 ms.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '../..');
const MODULES = 100;
const SUBWORKFLOWS = 30;

function generate(dir) {
  const put = (path, text) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (let m = 0; m < MODULES; m++) {
    const name = `TOOL_${m}`;
    put(`modules/local/tool_${m}/main.nf`, `process ${name} {
    tag "$meta.id"
    label '${['process_single', 'process_low', 'process_medium', 'process_high'][m % 4]}'

    conda "\${moduleDir}/environment.yml"
    container "\${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?
        'https://depot.example.org/singularity/tool${m}:1.0--0' :
        'quay.io/biocontainers/tool${m}:1.0--0' }"

    input:
    tuple val(meta), path(reads)
    path reference

    output:
    tuple val(meta), path("*.out${m}"), emit: result
    tuple val("\${task.process}"), val('tool${m}'), eval('tool${m} --version'), topic: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    def prefix = task.ext.prefix ?: "\${meta.id}"
    """
    tool${m} \\\\
        $args \\\\
        --threads $task.cpus \\\\
        --reference $reference \\\\
        $reads > \${prefix}.out${m}
    """

    stub:
    """
    touch \${prefix}.out${m}
    """
}
`);
  }
  const per = Math.ceil(MODULES / SUBWORKFLOWS);
  for (let s = 0; s < SUBWORKFLOWS; s++) {
    const mods = Array.from({ length: per }, (_, i) => s * per + i).filter((m) => m < MODULES);
    const includes = mods.map((m) => `include { TOOL_${m} } from '../../../modules/local/tool_${m}/main'`).join('\n');
    let body = '    ch = ch_input\n';
    for (const m of mods) body += `    TOOL_${m} ( ch, ch_reference )\n    ch = TOOL_${m}.out.result\n        .map { meta, f -> [ meta + [step: ${m}], f ] }\n`;
    put(`subworkflows/local/stage_${s}/main.nf`, `${includes}

workflow STAGE_${s} {
    take:
    ch_input     // channel: [ val(meta), path(reads) ]
    ch_reference // channel: path(reference)

    main:
${body}
    emit:
    result = ch
}
`);
  }
  const wfIncludes = Array.from({ length: SUBWORKFLOWS }, (_, s) => `include { STAGE_${s} } from '../subworkflows/local/stage_${s}/main'`).join('\n');
  let wfBody = '';
  for (let s = 0; s < SUBWORKFLOWS; s++) wfBody += `    STAGE_${s} ( ${s === 0 ? 'ch_samplesheet' : `STAGE_${s - 1}.out.result`}, ch_reference )\n`;
  put('workflows/pipeline.nf', `${wfIncludes}

workflow PIPELINE {
    take:
    ch_samplesheet
    ch_reference

    main:
${wfBody}
    emit:
    result = STAGE_${SUBWORKFLOWS - 1}.out.result
}
`);
  put('main.nf', `#!/usr/bin/env nextflow
include { PIPELINE } from './workflows/pipeline'

params.input = null
params.reference = 'ref.fa'

workflow {
    ch_samplesheet = params.input ? Channel.fromPath(params.input).splitCsv(header: true).map { row -> [ [id: row.sample], file(row.fastq) ] } : Channel.empty()
    ch_reference = Channel.value(file(params.reference))
    PIPELINE ( ch_samplesheet, ch_reference )
}
`);
  const config = ['params {', '    input = null', '    outdir = "results"', '    max_cpus = 16', '}', '', 'process {', '    cpus   = { 1 * task.attempt }', '    memory = { 6.GB * task.attempt }', '    time   = { 4.h * task.attempt }', "    errorStrategy = { task.exitStatus in ((130..145) + 104) ? 'retry' : 'finish' }", '    maxRetries = 1', '    resourceLimits = [cpus: 16, memory: 64.GB, time: 24.h]'];
  for (const [label, c, mem, h] of [['process_single', 1, 6, 4], ['process_low', 2, 12, 4], ['process_medium', 6, 36, 8], ['process_high', 12, 72, 16]]) {
    config.push(`    withLabel:${label} {`, `        cpus   = { ${c} * task.attempt }`, `        memory = { ${mem}.GB * task.attempt }`, `        time   = { ${h}.h * task.attempt }`, '    }');
  }
  for (let m = 0; config.length < 96; m += 3) config.push(`    withName: '.*:TOOL_${m}' {`, `        ext.args = '--mode ${m}'`, `        ext.prefix = { "\${meta.id}.t${m}" }`, '    }');
  config.push('}', '', 'profiles {', '    docker { docker.enabled = true }', '}');
  put('nextflow.config', `${config.join('\n')}\n`);
  put('samplesheet.csv', 'sample,fastq\n' + Array.from({ length: 8 }, (_, i) => `s${i},reads/s${i}.fq`).join('\n') + '\n');
  for (let i = 0; i < 8; i++) put(`reads/s${i}.fq`, '@r\nACGT\n+\nIIII\n');
  put('ref.fa', '>ref\nACGT\n');
  return config.length;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'wfc-nf-scale-'));
const configLines = generate(dir);
const files = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
const nfLines = files(dir).filter((f) => f.endsWith('.nf')).reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0);

const { parseNextflow } = await import(join(root, 'dist/frontends/nextflow/index.js'));
const { fileHost } = await import(join(root, 'dist/cli/compile.js'));
const io = { cwd: dir, stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {} };
const text = readFileSync(join(dir, 'main.nf'), 'utf8');
const once = (params) => {
  const t = performance.now();
  const r = parseNextflow({ path: 'main.nf', text }, { params }, fileHost(io));
  const elapsed = performance.now() - t;
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
  return { elapsed, steps: r.value.steps.length, jobs: r.value.jobs.length };
};
const first = once({});
const warm = median(Array.from({ length: 7 }, () => once({}).elapsed));
const withData = median(Array.from({ length: 5 }, () => once({ input: 'samplesheet.csv' }).elapsed));
const withDataShape = once({ input: 'samplesheet.csv' });
const cli = median(Array.from({ length: 5 }, () => {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'dist/cli/bin.js'), 'graph', 'main.nf', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return performance.now() - t;
}));
rmSync(dir, { recursive: true, force: true });

const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`\nNextflow at nf-core size: ${MODULES} modules, ${SUBWORKFLOWS} sub-workflows, ${nfLines} lines of .nf, a ${configLines}-line config`);
console.table([
  { what: 'parse + lower, in process, first run (parser built, cold)', time: ms(first.elapsed), note: `${first.steps} steps, no data: symbolic` },
  { what: 'parse + lower, in process, warm (median of 7)', time: ms(warm), note: `target < 500 ms: ${warm < 500 ? 'met' : 'NOT met'} (${(500 / warm).toFixed(1)}× under)` },
  { what: 'with a sample sheet of 8 samples (median of 5)', time: ms(withData), note: `${withDataShape.jobs} jobs` },
  { what: 'wfc graph main.nf from the command line (median of 5)', time: ms(cli), note: 'node start-up included' },
]);

// JSON Schema of the napkin format: wfc's own way to write a sketch by hand.
//
//   { "napkin": 1, "name": "...", "params": { "N": 4 },
//     "nodes":  [ { "id": "a", "shape": "box" | "oval", "label": "make_tiles (N)", ...attributes } ],
//     "arrows": [ { "from": "a", "to": "b", "label": "all" } ] }
//
// Attributes may also be written as `key: value` lines in the label, as in the graphical editors.

const scalar = { type: ['string', 'number'] } as const;

export const NAPKIN_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://wfc.dev/schema/napkin-1.json',
  title: 'napkin sketch, version 1',
  type: 'object',
  required: ['napkin', 'nodes', 'arrows'],
  additionalProperties: false,
  properties: {
    napkin: { const: 1 },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    params: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'integer', minimum: 0 },
          { type: 'array', items: { type: 'string' } },
          { type: 'string' },
        ],
      },
    },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'shape', 'label'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          shape: { enum: ['box', 'oval'] },
          label: { type: 'string' },
          cmd: { type: 'string' },
          cpus: scalar,
          mem: scalar,
          time: scalar,
          disk: scalar,
          gpus: scalar,
          container: { type: 'string' },
          file: { type: 'string' },
          retries: { type: 'integer', minimum: 0 },
        },
      },
    },
    arrows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'to'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          label: { type: 'string' },
        },
      },
    },
  },
} as const;

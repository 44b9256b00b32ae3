/**
 * The parameter forms show readers' words for choices (issue #30: raw codes such as
 * `samples`/`grouped` and `training-part` without help). The dictionary is keyed by parameter
 * name, so this checks it against every registered step's schema: every option of a listed
 * parameter has a label and a line of help, and no entry names an option no step has.
 */
import { describe, expect, it } from 'vitest';
import { cellDefinitions } from '@/lib/cells';
import { paramsJsonSchema } from '@/lib/notebook/parameters-document';
import { PARAM_TEXT, optionText } from '@/components/notebook/param-labels';

type Prop = { enum?: unknown[]; properties?: Record<string, Prop> };

/** Every parameter path of every step (for labels of fields that are not choices). */
function allParams(): Set<string> {
  const found = new Set<string>();
  const visit = (props: Record<string, Prop> | undefined, prefix = '') => {
    for (const [name, prop] of Object.entries(props ?? {})) {
      found.add(prefix + name);
      visit(prop.properties, `${prefix + name}.`);
    }
  };
  for (const def of cellDefinitions) visit((paramsJsonSchema(def) as Prop).properties);
  return found;
}

function enumParams(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  // Keyed as the form looks them up: by name at the top level, by path inside a block.
  const visit = (props: Record<string, Prop> | undefined, prefix = '') => {
    for (const [name, prop] of Object.entries(props ?? {})) {
      const path = prefix + name;
      if (prop.enum) for (const o of prop.enum) (found.get(path) ?? found.set(path, new Set()).get(path)!).add(String(o));
      visit(prop.properties, `${path}.`);
    }
  };
  for (const def of cellDefinitions) visit((paramsJsonSchema(def) as Prop).properties);
  return found;
}

describe('readers’ labels for parameter choices', () => {
  const params = enumParams();

  it('cover the choices a first-time user met as codes', () => {
    for (const name of ['split', 'scaling', 'balanceTest', 'ciMethod', 'on']) expect(PARAM_TEXT[name], name).toBeDefined();
    expect(optionText('split', 'grouped').label).toBe('Grouped by patient');
    expect(optionText('scaling', 'training-part').help).toMatch(/leak/);
  });

  const every = allParams();
  for (const [name, text] of Object.entries(PARAM_TEXT).filter(([, t]) => !t.options)) {
    it(`${name}: a label for a field that is not a choice, and some step has it`, () => {
      expect(every.has(name), `no step has a parameter named ${name}`).toBe(true);
      expect(text.label).toBeTruthy();
    });
  }

  for (const [name, text] of Object.entries(PARAM_TEXT).filter(([, t]) => t.options)) {
    it(`${name}: every option labelled and explained, none stale`, () => {
      const options = params.get(name);
      expect(options, `no step has a choice named ${name}`).toBeDefined();
      for (const o of options!) {
        expect(text.options?.[o]?.label, `${name}=${o}`).toBeTruthy();
        expect(text.options?.[o]?.help, `${name}=${o}`).toBeTruthy();
      }
      for (const o of Object.keys(text.options ?? {})) expect(options!.has(o), `${name}=${o} is not an option of any step`).toBe(true);
    });
  }

  it('an unlisted code is shown as it is', () => {
    expect(optionText('figureModel', 'best')).toEqual({ label: 'best', help: '' });
  });
});

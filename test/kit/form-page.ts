// A small openEHR form page built with medblocks-ui web components (npm), from a web template as this project serves
// it: one control per chosen node at its FLAT path, the context an EHRbase form fills in itself, and a submit that
// posts the form's FLAT to the page's own origin's /graphql. The components are bundled offline with esbuild.
import { build } from 'esbuild';

/** medblocks-ui and its Shoelace components as one browser script (IIFE), with Shoelace's light theme, from this repository's node_modules. */
export async function bundleMedblocks(): Promise<{ script: string; style: string }> {
  const result = await build({
    stdin: {
      contents: "import 'medblocks-ui'; import '@shoelace-style/shoelace/dist/themes/light.css';",
      resolveDir: new URL('../../', import.meta.url).pathname,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outdir: 'bundle', // names the outputs only: nothing is written
    write: false,
    logLevel: 'silent',
  });
  const output = (ext: string) => result.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? '';
  return { script: output('.js'), style: output('.css') };
}

interface WebNode {
  id: string;
  name: string;
  rmType: string;
  max: number;
  inContext?: boolean;
  inputs?: Array<{ suffix?: string; list?: Array<{ value: string; label: string }> }>;
  children?: WebNode[];
}

/** Context nodes medblocks-ui fills in itself when the form holds an `mb-context` for them. */
const CONTEXT_IDS = new Set(['category', 'start_time', 'setting', 'language', 'territory', 'encoding', 'composer', 'time']);

/** Every node of the tree with its FLAT path (`:0` on nodes that may occur more than once). */
function withPaths(node: WebNode, parent = ''): Array<[path: string, node: WebNode]> {
  const path = parent === '' ? node.id : `${parent}/${node.id}${node.max === 1 ? '' : ':0'}`;
  return [[path, node], ...(node.children ?? []).flatMap((child) => withPaths(child, path))];
}

const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function control(path: string, node: WebNode): string {
  const label = attr(node.name);
  if (node.rmType === 'DV_QUANTITY') {
    const units = node.inputs?.find((i) => i.suffix === 'unit')?.list ?? [];
    const options = units.map((u) => `<mb-unit unit="${attr(u.value)}" label="${attr(u.label)}"></mb-unit>`).join('');
    return `<mb-quantity path="${attr(path)}" label="${label}" default="${attr(units[0]?.value ?? '')}">${options}</mb-quantity>`;
  }
  if (node.rmType === 'DV_CODED_TEXT') {
    const codes = node.inputs?.find((i) => i.suffix === 'code')?.list ?? [];
    const options = codes.map((c) => `<mb-option value="${attr(c.value)}" label="${attr(c.label)}"></mb-option>`).join('');
    return `<mb-buttons path="${attr(path)}" label="${label}" terminology="local">${options}</mb-buttons>`;
  }
  return `<mb-input path="${attr(path)}" label="${label}"></mb-input>`;
}

export interface FormPage {
  /** The web template, as the `webTemplate` query answers it. */
  webTemplate: { templateId: string; tree: WebNode };
  /** Ids of the nodes to render a control for, in order. */
  fields: string[];
  ehrId: string;
  token: string;
  /** URLs of the bundled components and their theme, on the page's origin. */
  scriptUrl: string;
  styleUrl: string;
}

/** The page: the chosen controls, the context, and a submit that commits the form's FLAT and shows the answer in #result. */
export function formPage({ webTemplate, fields, ehrId, token, scriptUrl, styleUrl }: FormPage): string {
  const nodes = withPaths(webTemplate.tree);
  const controls = fields.map((id) => {
    const found = nodes.find(([, node]) => node.id === id);
    if (!found) throw new Error(`the web template has no node ${id}`);
    return control(...found);
  });
  const context = nodes.filter(([, node]) => node.inContext && CONTEXT_IDS.has(node.id)).map(([path]) => `<mb-context path="${attr(path)}"></mb-context>`);
  const commit = `mutation($e: UUID!, $c: JSON!, $t: String) { commitComposition(ehrId: $e, composition: $c, format: FLAT, templateId: $t) { uid } }`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${attr(webTemplate.templateId)}</title><link rel="stylesheet" href="${attr(styleUrl)}"><script src="${attr(scriptUrl)}"></script></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 2rem">
<mb-form id="form">
${[...controls, ...context].join('\n')}
<mb-submit><sl-button id="save" variant="primary">Save</sl-button></mb-submit>
</mb-form>
<pre id="result"></pre>
<script type="module">
const form = document.getElementById('form');
// medblocks-ui takes a ctx entry named after a context node as that node's data as it is
form.ctx = { composer_name: 'Form client', territory: { code: 'GB', terminology: 'ISO_3166-1' } };
form.addEventListener('mb-submit', async (event) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: ${JSON.stringify(`Bearer ${token}`)} },
    body: JSON.stringify({ query: ${JSON.stringify(commit)}, variables: { e: ${JSON.stringify(ehrId)}, c: event.detail, t: ${JSON.stringify(webTemplate.templateId)} } }),
  });
  document.getElementById('result').textContent = JSON.stringify(await response.json());
});
</script>
</body></html>`;
}

// Modules never import each other in a circle (part of `npm run lint`). dependency-cruiser finds circles between
// files; two modules can still depend on each other through files that do not form one, so this looks at the graph
// with every module (and every channel adapter, and the platform) folded into one node. Exit code 1 names the circle.
import { cruise } from 'dependency-cruiser';

export const MODULE_NODE = '^src/server/(modules|channels)/[^/]+/|^src/server/platform/|^src/(common|web)/';

export async function moduleGraph() {
  const result = await cruise(['src'], {
    collapse: MODULE_NODE,
    exclude: { path: '(^|/)node_modules/|\\.test\\.tsx?$' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false, // type-only imports do not run, so they make no circle at start-up
    tsConfig: { fileName: 'tsconfig.json' },
  });
  const graph = new Map();
  for (const m of result.output.modules) {
    if (!m.source.startsWith('src/')) continue;
    graph.set(m.source, [...new Set(m.dependencies.map((d) => d.resolved).filter((r) => r.startsWith('src/') && r !== m.source))]);
  }
  return graph;
}

/** Strongly connected parts with more than one node (Tarjan), each a circle between modules. */
export function circles(graph) {
  let index = 0;
  const stack = [];
  const seen = new Map();
  const found = [];
  const visit = (v) => {
    const node = { index, low: index, onStack: true };
    index++;
    seen.set(v, node);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!seen.has(w)) {
        visit(w);
        node.low = Math.min(node.low, seen.get(w).low);
      } else if (seen.get(w).onStack) node.low = Math.min(node.low, seen.get(w).index);
    }
    if (node.low === node.index) {
      const part = [];
      let w;
      do {
        w = stack.pop();
        seen.get(w).onStack = false;
        part.push(w);
      } while (w !== v);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!seen.has(v)) visit(v);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = circles(await moduleGraph());
  if (found.length) {
    for (const part of found) console.error(`modules in a circle: ${part.join(' ↔ ')}`);
    console.error('Break it: move the shared piece down (platform, common), or let the higher module hand a function in.');
    process.exit(1);
  }
  console.log('✔ no circle between modules');
}

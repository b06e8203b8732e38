// Module boundaries, checked by `npm run lint` (depcruise src). Modules talk to each other only through their
// index.ts and never in a circle, so each one can be read, tested and changed on its own.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle between files (and so between modules) makes start-up order and tests depend on each other.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'module-via-index',
      severity: 'error',
      comment: 'A module imports another module only through that module’s index.ts (its public face).',
      // tests may read another module's texts to assert what a resident sees
      from: { path: '^src/server/modules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^src/server/modules/([^/]+)/',
        pathNot: ['^src/server/modules/$1/', '^src/server/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'outside-via-index',
      severity: 'error',
      comment: 'Code outside the modules (app, main, jobs, CLI, channels, platform) uses a module through its index.ts too.',
      from: { path: '^src/server/', pathNot: '^src/server/modules/' },
      to: { path: '^src/server/modules/[^/]+/', pathNot: '^src/server/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'common-stands-alone',
      severity: 'error',
      comment: 'src/common is shared by server and console, so it imports neither.',
      from: { path: '^src/common/' },
      to: { path: '^src/(server|web)/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The console shares types and rules with the server only through src/common.',
      from: { path: '^src/web/' },
      to: { path: '^src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

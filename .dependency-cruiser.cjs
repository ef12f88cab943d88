/** Layer rules of product.md section 3: dependencies point inward. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain imports nothing outside itself: no framework, no I/O, no other layer',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/decimal\\.js/'] },
    },
    {
      name: 'application-not-outward',
      comment: 'use cases see repositories only through their interfaces',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { path: ['^src/infrastructure/', '^src/http/', '^src/cli/'] },
    },
    {
      name: 'infrastructure-not-http',
      severity: 'error',
      from: { path: '^src/infrastructure/' },
      to: { path: ['^src/http/', '^src/cli/'] },
    },
    {
      name: 'http-not-cli',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/cli/', '^src/infrastructure/(database|repositories|cache)/'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

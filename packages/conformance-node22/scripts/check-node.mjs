// The `node` devDependency puts a Node 22 binary first on this package's PATH: prove the legs really run on it.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`expected Node 22+ from the node devDependency, got ${process.version}`);
  process.exit(1);
}
console.log(`conformance legs for got 16 and ky 2 run on Node ${process.version}`);

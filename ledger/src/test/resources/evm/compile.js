// Compiles one Solidity file with solc-js and prints the first contract's creation bytecode
// (hex, no 0x). Usage: node compile.js Source.sol ContractName
// NODE_PATH must point at a node_modules that holds solc.
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const [file, contract] = process.argv.slice(2);
const name = path.basename(file);
const input = {
  language: 'Solidity',
  sources: { [name]: { content: fs.readFileSync(file, 'utf8') } },
  settings: {
    // Paris: no PUSH0, so the bytecode runs on any hardfork ganache offers.
    evmVersion: 'paris',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
process.stdout.write(output.contracts[name][contract].evm.bytecode.object);

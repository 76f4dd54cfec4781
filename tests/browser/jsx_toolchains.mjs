// The JSX compilers and renderers pinned in package.json, run on the JSX that hxmigrate
// writes (test_jsx_toolchains.py). Prints one JSON value.
//
//   node jsx_toolchains.mjs NODE_MODULES compile FILE...
//       {FILE: {"babel": "ok" | error, "typescript": "ok" | error}}: Babel's React transform
//       (default options; TypeScript strips the types of a .tsx first) and TypeScript (react-jsx)
//   node jsx_toolchains.mjs NODE_MODULES typecheck FOLDER
//       [diagnostic...]: the folder's tsconfig.json program, type-checked
//   node jsx_toolchains.mjs NODE_MODULES render FOLDER MODULE EXPORT PROPS_JSON
//       the HTML of <EXPORT {...PROPS}/> from FOLDER/MODULE, compiled by TypeScript with the
//       folder's tsconfig.json and rendered by its JSX runtime (hono/jsx: toString; React:
//       react-dom/server's renderToStaticMarkup)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, command, ...args] = process.argv.slice(2);
const require = createRequire(join(resolve(modules), "index.js"));
const ts = require("typescript");
const babel = require("@babel/core");

function message(error) {
  return String(error.message || error).split("\n")[0];
}

function diagnostics(list) {
  return list.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
  });
}

function compile(file) {
  const source = readFileSync(file, "utf8");
  const out = {};
  try {
    const plain = file.endsWith(".tsx")
      ? ts.transpileModule(source, { compilerOptions: { jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.ESNext }, fileName: file }).outputText
      : source;
    babel.transformSync(plain, { filename: file.replace(/\.tsx$/, ".jsx"), babelrc: false, configFile: false,
      presets: [[require.resolve("@babel/preset-react"), { runtime: "automatic" }]] });
    out.babel = "ok";
  } catch (error) {
    out.babel = message(error);
  }
  const result = ts.transpileModule(source, { compilerOptions: { jsx: ts.JsxEmit.ReactJSX, allowJs: true },
    fileName: file, reportDiagnostics: true });
  out.typescript = result.diagnostics.length ? diagnostics(result.diagnostics).join("; ") : "ok";
  return out;
}

function project(folder) {
  const config = ts.readConfigFile(join(folder, "tsconfig.json"), ts.sys.readFile);
  if (config.error) throw new Error(diagnostics([config.error]).join("\n"));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, folder);
}

function typecheck(folder) {
  const { options, fileNames, errors } = project(folder);
  const program = ts.createProgram(fileNames, { ...options, noEmit: true });
  return diagnostics([...errors, ...ts.getPreEmitDiagnostics(program)]);
}

async function render(folder, module, name, props) {
  const { options, fileNames } = project(folder);
  const out = mkdtempSync(join(tmpdir(), "jsx-"));
  try {
    symlinkSync(resolve(modules), join(out, "node_modules"), "dir");
    writeFileSync(join(out, "package.json"), '{"type": "module"}');
    for (const file of fileNames) {
      const target = join(out, relative(folder, file)).replace(/\.[jt]sx?$/, ".js");
      const { outputText } = ts.transpileModule(readFileSync(file, "utf8"),
        { compilerOptions: { ...options, module: ts.ModuleKind.ESNext }, fileName: file });
      mkdirSync(dirname(target), { recursive: true });
      // Extensionless relative imports, as a bundler resolves them.
      writeFileSync(target, outputText.replace(/(from\s+["']\.{1,2}\/[^"']*?)(["'])/g,
        (whole, path, quote) => (/\.[cm]?js$/.test(path) ? whole : `${path}.js${quote}`)));
    }
    const exported = (await import(pathToFileURL(join(out, module.replace(/\.[jt]sx?$/, ".js"))).href))[name];
    if (options.jsxImportSource === "hono/jsx") {
      const { jsx } = await import("hono/jsx");
      return String(await jsx(exported, props).toString());
    }
    const { createElement } = require("react");
    return require("react-dom/server").renderToStaticMarkup(createElement(exported, props));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

let result;
if (command === "compile") {
  result = Object.fromEntries(args.map((file) => [file, compile(file)]));
} else if (command === "typecheck") {
  result = typecheck(resolve(args[0]));
} else if (command === "render") {
  result = await render(resolve(args[0]), args[1], args[2], JSON.parse(args[3] || "{}"));
} else {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write(JSON.stringify(result));

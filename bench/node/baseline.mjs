// node-llama-cpp 3.22.1 on the same GGUF, same threads: the baseline for ./medportal bench inference.
// Usage: node baseline.mjs MODEL.gguf TOKENS THREADS
import { getLlama } from "node-llama-cpp";

const [modelPath, tokensArg, threadsArg] = process.argv.slice(2);
const tokens = Number(tokensArg), threads = Number(threadsArg);
const llama = await getLlama({ gpu: false, build: "never", skipDownload: true, maxThreads: threads });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ threads, sequences: 4, contextSize: 4096 });

async function run(sequence, prompt) {
  const input = model.tokenize(prompt);
  let n = 0;
  for await (const _ of sequence.evaluate(input, { temperature: 0, yieldEogToken: true })) {
    if (++n >= tokens) break;
  }
  return n;
}

const prompts = ["the patient has chest pain", "sore throat since yesterday", "hello world", "a rash and a fever today please"];
let start = performance.now();
const first = context.getSequence();
const single = await run(first, prompts[0]);
const singleSeconds = (performance.now() - start) / 1000;
first.dispose();
const sequences = prompts.map(() => context.getSequence());
start = performance.now();
const counts = await Promise.all(sequences.map((s, i) => run(s, prompts[i])));
const parallelSeconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({
  single_tokens_per_s: single / singleSeconds,
  parallel4_tokens_per_s: counts.reduce((a, b) => a + b, 0) / parallelSeconds,
}));
process.exit(0);

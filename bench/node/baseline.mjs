// node-llama-cpp 3.22.1 on the same GGUF, same threads: the baseline for ./medportal bench inference.
// Usage: node baseline.mjs MODEL.gguf TOKENS THREADS [SEQUENCES=4]
import { getLlama } from "node-llama-cpp";

const [modelPath, tokensArg, threadsArg, sequencesArg] = process.argv.slice(2);
const tokens = Number(tokensArg), threads = Number(threadsArg), parallel = Number(sequencesArg ?? 4);
const llama = await getLlama({ gpu: false, build: "never", skipDownload: true, maxThreads: threads });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ threads, sequences: parallel, contextSize: 4096 });

async function run(sequence, prompt, limit = tokens) {
  const input = model.tokenize(prompt);
  let n = 0;
  for await (const _ of sequence.evaluate(input, { temperature: 0, yieldEogToken: true })) {
    if (++n >= limit) break;
  }
  return n;
}

const prompts = ["the patient has chest pain", "sore throat since yesterday", "hello world", "a rash and a fever today please",
  "the nurse will review this", "no fever and no cough", "headache since yesterday", "please review the rash"];
const warm = context.getSequence();
await run(warm, prompts[0], 4); // pages the weights in before anything is timed
warm.dispose();
let start = performance.now();
const first = context.getSequence();
const single = await run(first, prompts[0]);
const singleSeconds = (performance.now() - start) / 1000;
first.dispose();
const sequences = Array.from({ length: parallel }, () => context.getSequence());
start = performance.now();
const counts = await Promise.all(sequences.map((s, i) => run(s, prompts[i % prompts.length])));
const parallelSeconds = (performance.now() - start) / 1000;
const aggregate = counts.reduce((a, b) => a + b, 0) / parallelSeconds;
console.log(JSON.stringify({
  single_tokens_per_s: single / singleSeconds,
  parallel_tokens_per_s: aggregate,
  [`parallel${parallel}_tokens_per_s`]: aggregate,
}));
process.exit(0);

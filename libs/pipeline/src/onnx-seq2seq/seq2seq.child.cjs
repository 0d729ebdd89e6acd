/* eslint-disable */
// Runs transformers.js + onnxruntime-node in a child process, one per loaded model. Why not in the
// host process: generation is seconds of CPU per summary and the host must keep answering NATS
// meanwhile; onnxruntime-node's binding crashes when used from more than one worker thread of a
// process ("Entering the V8 API without proper locking"), so threads are no way out; under Jest's
// sandbox its tensors fail `instanceof Float32Array`; and a process can be killed when a download
// hangs, freeing its memory for sure.
// Plain CommonJS on purpose: Node runs it as is, never through a TypeScript loader.
'use strict';
const { performance } = require('node:perf_hooks');

const transformers = require(process.env.LLMOPS_TRANSFORMERS_PATH || '@huggingface/transformers');
const { env, AutoTokenizer, AutoModelForSeq2SeqLM, AutoConfig, Tensor } = transformers;

let tokenizer = null;
let model = null;
// One request at a time: deterministic, and one intra-op thread really means one core.
let queue = Promise.resolve();

async function load(req) {
  env.allowLocalModels = true;
  env.allowRemoteModels = Boolean(req.allowRemoteModels);
  env.useFSCache = true;
  if (req.cacheDir) env.cacheDir = req.cacheDir;
  if (req.remoteHost) env.remoteHost = req.remoteHost;
  const options = {
    revision: req.revision || 'main',
    cache_dir: req.cacheDir || undefined,
    local_files_only: !req.allowRemoteModels,
  };
  const config = await AutoConfig.from_pretrained(req.model, options);
  tokenizer = await AutoTokenizer.from_pretrained(req.model, options);
  model = await AutoModelForSeq2SeqLM.from_pretrained(req.model, {
    ...options,
    config,
    device: 'cpu',
    dtype: req.dtype,
    session_options: { intraOpNumThreads: req.intraOpThreads, interOpNumThreads: 1 },
  });
  const summarization = (config.task_specific_params && config.task_specific_params.summarization) || {};
  return {
    modelType: config.model_type || null,
    defaultPrefix: typeof summarization.prefix === 'string' ? summarization.prefix : null,
  };
}

function tensor2d(ids) {
  return new Tensor('int64', BigInt64Array.from(ids.map((x) => BigInt(x))), [1, ids.length]);
}

async function summarizeOne(article, s) {
  const started = performance.now();
  let ids = tokenizer.encode(s.taskPrefix + article);
  let truncated = false;
  if (ids.length > s.maxInputTokens) {
    truncated = true;
    // Keep the closing special token (</s>) as Hugging Face's truncation does.
    const last = ids[ids.length - 1];
    const keepEos = tokenizer.all_special_ids.includes(last) && s.maxInputTokens > 1;
    ids = keepEos ? ids.slice(0, s.maxInputTokens - 1).concat([last]) : ids.slice(0, s.maxInputTokens);
  }
  const output = await model.generate({
    inputs: tensor2d(ids),
    attention_mask: tensor2d(ids.map(() => 1)),
    max_new_tokens: s.maxNewTokens,
    min_new_tokens: s.minNewTokens > 0 ? s.minNewTokens : null,
    num_beams: s.numBeams,
    no_repeat_ngram_size: s.noRepeatNgramSize,
    do_sample: false,
  });
  const outIds = Array.from(output.data, (x) => Number(x));
  const generated = outIds.slice(1); // the first id is the decoder start token
  const summary = tokenizer.decode(generated, { skip_special_tokens: true }).trim();
  return {
    summary,
    tokensIn: ids.length,
    tokensOut: generated.length, // decoding steps, </s> included: what throughput is made of
    truncated,
    latencyMs: performance.now() - started,
  };
}

async function handle(req) {
  switch (req.type) {
    case 'load':
      return load(req);
    case 'summarize': {
      if (!model) throw new Error('model not loaded');
      const results = [];
      for (const article of req.articles) results.push(await summarizeOne(article, req.settings));
      return results;
    }
    case 'dispose': {
      if (model) await model.dispose();
      model = null;
      tokenizer = null;
      return null;
    }
    default:
      throw new Error(`unknown request ${req.type}`);
  }
}

process.on('message', (req) => {
  queue = queue.then(async () => {
    try {
      process.send({ id: req.id, ok: true, result: await handle(req) });
    } catch (error) {
      process.send({
        id: req.id,
        ok: false,
        error: { name: (error && error.name) || 'Error', message: String((error && error.message) || error) },
      });
    }
  });
});
// The parent went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));

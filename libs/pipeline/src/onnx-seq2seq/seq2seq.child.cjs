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
const { env, AutoTokenizer, AutoModelForSeq2SeqLM, AutoConfig, Tensor, StoppingCriteria } = transformers;

let tokenizer = null;
let model = null;
let eosIds = [];
let padId = 0;
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
  const eos = (model.generation_config && model.generation_config.eos_token_id) ?? config.eos_token_id;
  eosIds = eos === null || eos === undefined ? [] : [].concat(eos).map(Number);
  padId = Number(config.pad_token_id ?? tokenizer.pad_token_id ?? 0);
  const summarization = (config.task_specific_params && config.task_specific_params.summarization) || {};
  return {
    modelType: config.model_type || null,
    defaultPrefix: typeof summarization.prefix === 'string' ? summarization.prefix : null,
  };
}

/**
 * A row is done once it has produced an end-of-sequence token. transformers.js's own EOS check
 * looks only at the last token of each row and stops when every row ends with EOS at the same
 * step, so a batch would otherwise run to maxNewTokens; with this, it stops when every row has
 * finished (finished rows keep getting tokens, cut off below).
 */
class RowsFinished extends StoppingCriteria {
  _call(inputIds) {
    return inputIds.map((ids) => {
      for (let i = 1; i < ids.length; i++) if (eosIds.includes(Number(ids[i]))) return true;
      return false;
    });
  }
}

/** Right-padded [rows, longest] int64 tensors of the ids and of their attention mask. */
function paddedBatch(rows) {
  const width = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * width);
  rows.forEach((row, r) => {
    row.forEach((id, c) => {
      ids[r * width + c] = BigInt(id);
      mask[r * width + c] = 1n;
    });
  });
  return { ids: new Tensor('int64', ids, [rows.length, width]), mask: new Tensor('int64', mask, [rows.length, width]) };
}

// Wall-clock milliseconds (the parent process draws the tokenize/generate spans from them).
const wallClock = () => performance.timeOrigin + performance.now();

function encode(article, s) {
  let ids = tokenizer.encode(s.taskPrefix + article);
  let truncated = false;
  if (ids.length > s.maxInputTokens) {
    truncated = true;
    // Keep the closing special token (</s>) as Hugging Face's truncation does.
    const last = ids[ids.length - 1];
    const keepEos = tokenizer.all_special_ids.includes(last) && s.maxInputTokens > 1;
    ids = keepEos ? ids.slice(0, s.maxInputTokens - 1).concat([last]) : ids.slice(0, s.maxInputTokens);
  }
  return { ids, truncated };
}

/**
 * Generates for several articles in one call (one padded batch): the encoder and every decoding
 * step run once for all rows, which is what makes batching pay on CPU (matrix products over
 * several rows cost less than the same products one row at a time). Padding is masked, so each
 * row's summary is the one it gets alone.
 */
async function summarizeBatch(inputs, s) {
  const started = performance.now();
  const generateStartedAt = wallClock();
  const { ids, mask } = paddedBatch(inputs.map((x) => x.ids));
  const output = await model.generate({
    inputs: ids,
    attention_mask: mask,
    max_new_tokens: s.maxNewTokens,
    min_new_tokens: s.minNewTokens > 0 ? s.minNewTokens : null,
    num_beams: s.numBeams,
    no_repeat_ngram_size: s.noRepeatNgramSize,
    do_sample: false,
    stopping_criteria: [new RowsFinished()],
  });
  const width = output.dims[1];
  const all = Array.from(output.data, (x) => Number(x));
  const latencyMs = performance.now() - started;
  const generatedAt = wallClock();
  return inputs.map((input, r) => {
    // The first id is the decoder start token; a row ends at its first </s> (kept in the count).
    let generated = all.slice(r * width + 1, (r + 1) * width);
    const end = generated.findIndex((id) => eosIds.includes(id));
    if (end >= 0) generated = generated.slice(0, end + 1);
    return {
      summary: tokenizer.decode(generated, { skip_special_tokens: true }).trim(),
      tokensIn: input.ids.length,
      tokensOut: generated.length, // decoding steps, </s> included: what throughput is made of
      truncated: input.truncated,
      latencyMs, // each article of a batch waited for the whole batch
      timings: {
        startedAt: input.startedAt,
        tokenizedAt: input.tokenizedAt,
        generateStartedAt,
        generatedAt,
        endedAt: wallClock(),
      },
    };
  });
}

/** Articles of similar length share a batch (less padding); answers come back in request order. */
async function summarizeAll(articles, s) {
  const inputs = articles.map((a) => {
    const startedAt = wallClock();
    return { ...encode(a, s), startedAt, tokenizedAt: wallClock() };
  });
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[a].ids.length - inputs[b].ids.length);
  const results = new Array(articles.length);
  const size = Math.max(1, s.batchSize || 1);
  for (let start = 0; start < order.length; start += size) {
    const chunk = order.slice(start, start + size);
    const out = await summarizeBatch(
      chunk.map((i) => inputs[i]),
      s,
    );
    chunk.forEach((i, k) => (results[i] = out[k]));
  }
  return results;
}

async function handle(req) {
  switch (req.type) {
    case 'load':
      return load(req);
    case 'summarize': {
      if (!model) throw new Error('model not loaded');
      return summarizeAll(req.articles, req.settings);
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

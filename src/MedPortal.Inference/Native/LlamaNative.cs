using System.Runtime.InteropServices;

namespace MedPortal.Inference.Native;

// Declarations mirror include/llama.h of the llama.cpp release carried by npm node-llama-cpp@3.22.1
// (package/llama/gitRelease.bundle, tagged v0.5.0). C bool is marshalled as byte to keep every struct blittable.
// Sizes and offsets were checked with a C program compiled against that header (see NativeLayoutTests).

/// <summary>llama.h line 314, <c>struct llama_model_params</c> (80 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public nint Devices;                   // ggml_backend_dev_t *
    public nint TensorBuftOverrides;       // const struct llama_model_tensor_buft_override *
    public int NGpuLayers;                 // offset 16
    public int SplitMode;                  // enum llama_split_mode
    public int LoadMode;                   // enum llama_load_mode
    public int LazyMode;                   // enum llama_lazy_mode
    public int MainGpu;                    // offset 32
    public nint TensorSplit;               // offset 40, const float *
    public nint ProgressCallback;          // offset 48
    public nint ProgressCallbackUserData;  // offset 56
    public nint KvOverrides;               // offset 64
    public byte VocabOnly;                 // offset 72
    public byte CheckTensors;
    public byte UseExtraBufts;
    public byte NoHost;
    public byte NoAlloc;
    public byte LoadMtp;                   // offset 77
}

/// <summary>llama.h line 360, <c>struct llama_context_params</c> (160 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    public uint NCtx;
    public uint NBatch;
    public uint NUbatch;
    public uint NSeqMax;
    public uint NRsSeq;
    public uint NOutputsMax;
    public uint NOutputsMaxPerSeq;
    public int NThreads;                   // offset 28
    public int NThreadsBatch;
    public int CtxType;                    // offset 36
    public int RopeScalingType;
    public int PoolingType;
    public int AttentionType;
    public int FlashAttnType;
    public float RopeFreqBase;             // offset 56
    public float RopeFreqScale;
    public float YarnExtFactor;
    public float YarnAttnFactor;
    public float YarnBetaFast;
    public float YarnBetaSlow;
    public uint YarnOrigCtx;
    public float DefragThold;
    public nint CbEval;                    // offset 88
    public nint CbEvalUserData;
    public int TypeK;                      // offset 104
    public int TypeV;
    public nint AbortCallback;             // offset 112
    public nint AbortCallbackData;
    public byte Embeddings;                // offset 128
    public byte OffloadKqv;
    public byte NoPerf;
    public byte OpOffload;
    public byte SwaFull;
    public byte KvUnified;                 // offset 133
    public nint Samplers;                  // offset 136
    public nuint NSamplers;                // offset 144
    public nint CtxOther;                  // offset 152
}

/// <summary>llama.h line 263, <c>llama_batch</c> (56 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public int NTokens;
    public int* Token;
    public float* Embd;
    public int* Pos;
    public int* NSeqId;
    public int** SeqId;
    public sbyte* Logits;
}

/// <summary>llama.h line 457, <c>llama_sampler_chain_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public byte NoPerf;
}

/// <summary>llama.h line 452, <c>llama_logit_bias</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaLogitBias
{
    public int Token;
    public float Bias;
}

/// <summary>llama.h line 462, <c>llama_chat_message</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaChatMessage
{
    public nint Role;
    public nint Content;
}

/// <summary>The llama.cpp C API used by MedPortal (library name "llama", resolved by <see cref="NativeLibraries"/>).</summary>
internal static unsafe partial class LlamaNative
{
    public const string Llama = "llama";
    public const string Ggml = "ggml";

    [LibraryImport(Ggml, EntryPoint = "ggml_backend_load_all_from_path", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void GgmlBackendLoadAllFromPath(string directory);

    [LibraryImport(Ggml, EntryPoint = "ggml_type_name")]
    public static partial nint GgmlTypeName(int type);

    [LibraryImport(Ggml, EntryPoint = "ggml_blck_size")]
    public static partial long GgmlBlockSize(int type);

    [LibraryImport(Ggml, EntryPoint = "ggml_type_size")]
    public static partial nuint GgmlTypeSize(int type);

    [LibraryImport(Llama, EntryPoint = "llama_backend_init")]
    public static partial void BackendInit();

    [LibraryImport(Llama, EntryPoint = "llama_log_set")]
    public static partial void LogSet(delegate* unmanaged[Cdecl]<int, byte*, nint, void> callback, nint userData);

    [LibraryImport(Llama, EntryPoint = "llama_model_default_params")]
    public static partial LlamaModelParams ModelDefaultParams();

    [LibraryImport(Llama, EntryPoint = "llama_context_default_params")]
    public static partial LlamaContextParams ContextDefaultParams();

    [LibraryImport(Llama, EntryPoint = "llama_sampler_chain_default_params")]
    public static partial LlamaSamplerChainParams SamplerChainDefaultParams();

    [LibraryImport(Llama, EntryPoint = "llama_model_load_from_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ModelLoadFromFile(string path, LlamaModelParams parameters);

    [LibraryImport(Llama, EntryPoint = "llama_model_free")]
    public static partial void ModelFree(nint model);

    [LibraryImport(Llama, EntryPoint = "llama_init_from_model")]
    public static partial nint InitFromModel(LlamaModelHandle model, LlamaContextParams parameters);

    [LibraryImport(Llama, EntryPoint = "llama_free")]
    public static partial void Free(nint context);

    [LibraryImport(Llama, EntryPoint = "llama_n_ctx")]
    public static partial uint NCtx(LlamaContextHandle context);

    [LibraryImport(Llama, EntryPoint = "llama_model_get_vocab")]
    public static partial nint ModelGetVocab(LlamaModelHandle model);

    [LibraryImport(Llama, EntryPoint = "llama_vocab_n_tokens")]
    public static partial int VocabNTokens(nint vocab);

    [LibraryImport(Llama, EntryPoint = "llama_vocab_eos")]
    public static partial int VocabEos(nint vocab);

    [LibraryImport(Llama, EntryPoint = "llama_vocab_bos")]
    public static partial int VocabBos(nint vocab);

    [LibraryImport(Llama, EntryPoint = "llama_vocab_get_add_bos")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabGetAddBos(nint vocab);

    /// <summary><c>enum llama_token_attr</c>: a bit set; <see cref="TokenAttributeControl"/> marks control tokens.</summary>
    [LibraryImport(Llama, EntryPoint = "llama_vocab_get_attr")]
    public static partial int VocabGetAttr(nint vocab, int token);

    /// <summary><c>LLAMA_TOKEN_ATTR_CONTROL</c> (llama.h: 1 &lt;&lt; 3).</summary>
    public const int TokenAttributeControl = 1 << 3;

    [LibraryImport(Llama, EntryPoint = "llama_vocab_get_text")]
    public static partial nint VocabGetText(nint vocab, int token);

    [LibraryImport(Llama, EntryPoint = "llama_vocab_is_eog")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabIsEog(nint vocab, int token);

    [LibraryImport(Llama, EntryPoint = "llama_tokenize")]
    public static partial int Tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens, [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Llama, EntryPoint = "llama_token_to_piece")]
    public static partial int TokenToPiece(nint vocab, int token, byte* buffer, int length, int lstrip, [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Llama, EntryPoint = "llama_batch_init")]
    public static partial LlamaBatch BatchInit(int nTokens, int embd, int nSeqMax);

    [LibraryImport(Llama, EntryPoint = "llama_batch_free")]
    public static partial void BatchFree(LlamaBatch batch);

    [LibraryImport(Llama, EntryPoint = "llama_decode")]
    public static partial int Decode(LlamaContextHandle context, LlamaBatch batch);

    [LibraryImport(Llama, EntryPoint = "llama_get_memory")]
    public static partial nint GetMemory(LlamaContextHandle context);

    [LibraryImport(Llama, EntryPoint = "llama_memory_seq_rm")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MemorySeqRm(nint memory, int seqId, int p0, int p1);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_chain_init")]
    public static partial nint SamplerChainInit(LlamaSamplerChainParams parameters);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_chain_add")]
    public static partial void SamplerChainAdd(LlamaSamplerHandle chain, nint sampler);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_greedy")]
    public static partial nint SamplerInitGreedy();

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_temp")]
    public static partial nint SamplerInitTemp(float temperature);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_top_p")]
    public static partial nint SamplerInitTopP(float p, nuint minKeep);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_dist")]
    public static partial nint SamplerInitDist(uint seed);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_logit_bias")]
    public static partial nint SamplerInitLogitBias(int nVocab, int nLogitBias, LlamaLogitBias* logitBias);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_sample")]
    public static partial int SamplerSample(LlamaSamplerHandle sampler, LlamaContextHandle context, int index);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_free")]
    public static partial void SamplerFree(nint sampler);

    [LibraryImport(Llama, EntryPoint = "llama_model_chat_template")]
    public static partial nint ModelChatTemplate(LlamaModelHandle model, nint name);

    [LibraryImport(Llama, EntryPoint = "llama_chat_apply_template")]
    public static partial int ChatApplyTemplate(nint template, LlamaChatMessage* chat, nuint count, [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);
}

/// <summary>A native llama.cpp object this process owns; freed exactly once by the matching llama.cpp function.</summary>
internal abstract class LlamaHandle : SafeHandle
{
    protected LlamaHandle(nint pointer)
        : base(0, true) => SetHandle(pointer);

    public override bool IsInvalid => handle == 0;

    protected abstract void Free(nint pointer);

    protected override bool ReleaseHandle()
    {
        Free(handle);
        return true;
    }
}

/// <summary>Owns a <c>llama_model *</c>.</summary>
internal sealed class LlamaModelHandle(nint pointer) : LlamaHandle(pointer)
{
    protected override void Free(nint pointer) => LlamaNative.ModelFree(pointer);
}

/// <summary>Owns a <c>llama_context *</c>.</summary>
internal sealed class LlamaContextHandle(nint pointer) : LlamaHandle(pointer)
{
    protected override void Free(nint pointer) => LlamaNative.Free(pointer);
}

/// <summary>Owns a <c>llama_sampler *</c> chain (it frees the samplers added to it).</summary>
internal sealed class LlamaSamplerHandle(nint pointer) : LlamaHandle(pointer)
{
    protected override void Free(nint pointer) => LlamaNative.SamplerFree(pointer);
}

using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace MedPortal.Inference;

/// <summary>
/// <see cref="IChatClient"/> for a remote OpenAI-compatible server (llama-server, vLLM, Ollama): POST
/// <c>/v1/chat/completions</c> with <c>stream: true</c> and read the server-sent events as they arrive. A connection that
/// drops before <c>[DONE]</c> is an error, never a silently short reply.
/// </summary>
/// <param name="http">Its BaseAddress is the server (e.g. https://gpu-box:8443/); credentials in its default headers.</param>
/// <param name="model">The model name to request.</param>
/// <param name="timeout">
/// How long to wait for the response headers and then for each next line of the stream (default 60 s): a server that
/// hangs fails the reply with <see cref="InferenceRemoteException"/>, a reply that keeps streaming is never cut off.
/// </param>
public sealed class OpenAiCompatibleChatClient(HttpClient http, string model, TimeSpan? timeout = null) : IChatClient
{
    /// <summary>The default of Inference:RemoteTimeoutSeconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly TimeSpan wait = timeout ?? DefaultTimeout;

    private InferenceRemoteException TimedOut(string what) =>
        new($"The inference server at {http.BaseAddress} {what} within {wait.TotalSeconds:0.###} s (Inference:RemoteTimeoutSeconds).");

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = new CompletionRequest(
            model,
            messages.Select(m => new WireMessage(m.Role.Value, m.Text)).ToList(),
            true,
            options?.MaxOutputTokens,
            options?.Temperature,
            options?.TopP,
            options?.Seed,
            options?.StopSequences?.ToList());
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body, options: Json) };
        // HttpClient.Timeout would also cut off a long reply that streams fine: the deadline restarts for every line.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new InferenceRemoteException($"The inference server at {http.BaseAddress} could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("did not answer");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string detail;
                try
                {
                    detail = await response.Content.ReadAsStringAsync(deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    detail = "(no body within the timeout)";
                }
                throw new InferenceRemoteException($"The inference server answered {(int)response.StatusCode}: {detail[..Math.Min(300, detail.Length)]}");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream);
            var done = false;
            while (!done)
            {
                string? line;
                try
                {
                    deadline.CancelAfter(wait);
                    line = await reader.ReadLineAsync(deadline.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw TimedOut("stopped sending the reply: nothing arrived");
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new InferenceRemoteException("The connection to the inference server dropped in the middle of the reply.", ex);
                }
                if (line is null)
                {
                    throw new InferenceRemoteException("The inference server closed the stream before it finished the reply.");
                }
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }
                var data = line[5..].Trim();
                if (data == "[DONE]")
                {
                    done = true;
                    continue;
                }
                var chunk = JsonSerializer.Deserialize<CompletionChunk>(data, Json);
                foreach (var choice in chunk?.Choices ?? [])
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, choice.Delta?.Content ?? "")
                    {
                        ResponseId = chunk!.Id,
                        ModelId = chunk.Model,
                        FinishReason = choice.FinishReason switch
                        {
                            "length" => ChatFinishReason.Length,
                            "stop" => ChatFinishReason.Stop,
                            _ => null,
                        },
                    };
                }
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai-compatible", http.BaseAddress, model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed record CompletionRequest(
        string Model,
        IReadOnlyList<WireMessage> Messages,
        bool Stream,
        [property: JsonPropertyName("max_tokens")] int? MaxTokens,
        float? Temperature,
        [property: JsonPropertyName("top_p")] float? TopP,
        long? Seed,
        IReadOnlyList<string>? Stop);

    private sealed record WireMessage(string Role, string Content);

    private sealed record CompletionChunk(string? Id, string? Model, IReadOnlyList<Choice>? Choices);

    private sealed record Choice(Delta? Delta, [property: JsonPropertyName("finish_reason")] string? FinishReason);

    private sealed record Delta(string? Content);
}

/// <summary>The remote inference server failed; the message says how.</summary>
public sealed class InferenceRemoteException(string message, Exception? inner = null) : Exception(message, inner);

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedPortal.Inference;

/// <summary>Reports <see cref="ModelStatusMonitor"/> on /health/ready.</summary>
public sealed class InferenceHealthCheck(ModelStatusMonitor monitor) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["state"] = monitor.State.ToString(),
            ["model"] = monitor.ModelName ?? "",
        };
        var result = monitor.State switch
        {
            ModelState.Ready => HealthCheckResult.Healthy("Model ready.", data),
            ModelState.NotConfigured => HealthCheckResult.Healthy("No model configured: protocol-only mode.", data),
            ModelState.Loading => HealthCheckResult.Degraded("Model loading.", data: data),
            ModelState.Failed => HealthCheckResult.Degraded($"Model failed: {monitor.Reason}. Chats run in protocol-only mode.", data: data),
            _ => throw new InvalidOperationException($"Unknown model state {monitor.State}."),
        };
        return Task.FromResult(result);
    }
}

using MedPortal.Inference;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedPortal.Tests.Inference;

public sealed class InferenceStatusTests
{
    [Fact]
    public async Task CheckHealthAsync_NotConfigured_IsHealthy()
    {
        var result = await new InferenceHealthCheck(new ModelStatusMonitor()).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("NotConfigured", result.Data["state"]);
    }

    [Fact]
    public async Task CheckHealthAsync_Failed_IsDegradedWithReasonAppStillServes()
    {
        var monitor = new ModelStatusMonitor();
        monitor.Set(ModelState.Failed, "m.gguf", "bad magic");
        var result = await new InferenceHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("bad magic", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingModelFileAndBadThreads_Fails()
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { ModelPath = "/nope.gguf", Threads = 0 });
        Assert.True(result.Failed);
        Assert.Contains("/nope.gguf", result.FailureMessage, StringComparison.Ordinal);
    }
}

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

    [Theory]
    [InlineData("http://gpu-box:8080/", false, "is plain http: patient transcripts would travel unencrypted")]
    [InlineData("http://127.0.0.1:8080/", false, "set Inference:RemoteAllowHttpLoopback=true")]
    [InlineData("ftp://gpu-box/", false, "must be an absolute https address")]
    [InlineData("http://gpu-box:8080/", true, "is plain http: patient transcripts would travel unencrypted")]
    public void Validate_RemoteUrlNotHttps_FailsWithWhatToChange(string url, bool allowLoopback, string expected)
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { Provider = InferenceProvider.Remote, RemoteUrl = url, RemoteAllowHttpLoopback = allowLoopback });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://gpu-box:8443/", false)]
    [InlineData("http://127.0.0.1:8080/", true)]
    [InlineData("http://localhost:8080/", true)]
    public void Validate_RemoteHttpsOrAllowedLoopback_Succeeds(string url, bool allowLoopback)
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { Provider = InferenceProvider.Remote, RemoteUrl = url, RemoteAllowHttpLoopback = allowLoopback });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_RemoteTimeoutZero_FailsWithTheRange()
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { Provider = InferenceProvider.Remote, RemoteUrl = "https://gpu-box/", RemoteTimeoutSeconds = 0 });

        Assert.Contains("Inference:RemoteTimeoutSeconds must be between 1 and 3600", result.FailureMessage, StringComparison.Ordinal);
    }
}

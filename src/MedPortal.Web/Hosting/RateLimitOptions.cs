using Microsoft.Extensions.Options;

namespace MedPortal.Web.Hosting;

/// <summary>
/// Request limits per client address (section <c>RateLimits</c>): each is a fixed window of <c>PermitLimit</c>
/// requests per <c>WindowSeconds</c>, with no queue (a request over the limit is answered 429 at once).
/// </summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in form posts (<c>POST /account/login</c> and the code step <c>POST /account/login-2fa</c>, together), per address.</summary>
    public RateLimitWindow SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Registration form posts (<c>POST /account/register</c>), per address.</summary>
    public RateLimitWindow Registration { get; set; } = new() { PermitLimit = 5, WindowSeconds = 600 };

    /// <summary>Summary PDF, print view and export downloads (each starts a browser or builds a file), per address.</summary>
    public RateLimitWindow Export { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>"Start a new consultation" form posts (<c>POST /consultations/start</c>; each creates a row), per address.</summary>
    public RateLimitWindow ConsultationStart { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    /// <summary>Chat messages, per signed-in user (a circuit call: see <c>ChatSendLimiter</c>).</summary>
    public RateLimitWindow ChatSend { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };
}

/// <summary>A fixed window: at most <see cref="PermitLimit"/> requests in each <see cref="WindowSeconds"/>.</summary>
internal sealed class RateLimitWindow
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(nameof(RateLimitOptions.SignIn), options.SignIn);
        Check(nameof(RateLimitOptions.Registration), options.Registration);
        Check(nameof(RateLimitOptions.Export), options.Export);
        Check(nameof(RateLimitOptions.ConsultationStart), options.ConsultationStart);
        Check(nameof(RateLimitOptions.ChatSend), options.ChatSend);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string key, RateLimitWindow window)
        {
            if (window.PermitLimit is < 1 or > 100_000)
            {
                failures.Add($"RateLimits:{key}:PermitLimit must be between 1 and 100000.");
            }
            if (window.WindowSeconds is < 1 or > 86_400)
            {
                failures.Add($"RateLimits:{key}:WindowSeconds must be between 1 and 86400.");
            }
        }
    }
}

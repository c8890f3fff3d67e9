using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Audit;

/// <summary>Audit:HmacKey must decode to at least 32 bytes; it may be missing only in Development.</summary>
internal sealed class AuditOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuditOptions>
{
    private const string HowToFix =
        "Set Audit:HmacKey (environment Audit__HmacKey) to a base64 secret of at least 32 bytes kept outside the database, " +
        "e.g. the output of 'head -c 32 /dev/urandom | base64'; './medportal' generates one in .data/audit-hmac.key.";

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        if (options.SealIntervalMilliseconds is < 50 or > 60_000)
        {
            return ValidateOptionsResult.Fail($"Audit:SealIntervalMilliseconds is {options.SealIntervalMilliseconds}; use 50 to 60000 (default 1000).");
        }
        if (string.IsNullOrWhiteSpace(options.HmacKey))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Audit:HmacKey is not set. " + HowToFix);
        }
        try
        {
            AuditKey.FromBase64(options.HmacKey);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException ex)
        {
            return ValidateOptionsResult.Fail($"Audit:HmacKey is not usable ({ex.Message}). " + HowToFix);
        }
    }
}

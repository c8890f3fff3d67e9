using MedPortal.Core.Audit;

namespace MedPortal.Tests.Infrastructure;

/// <summary>The audit HMAC key './medportal test' exports (Audit__HmacKey), shared with the app and CLI processes the tests start.</summary>
public static class TestAuditKey
{
    public static string Base64 =>
        Environment.GetEnvironmentVariable("Audit__HmacKey") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "Audit__HmacKey is not set. Run the tests through './medportal test', which generates .data/audit-hmac.key and exports it.");

    public static AuditKey Key => AuditKey.FromBase64(Base64);
}

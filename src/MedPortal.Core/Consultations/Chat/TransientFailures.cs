using System.Net.Sockets;
using Npgsql;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>Which failures mean "the clinic's server could not be reached, try again" rather than a bug.</summary>
internal static class TransientFailures
{
    /// <summary>True for a database or network outage, however deeply it is wrapped.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or TimeoutException or SocketException)
            {
                return true;
            }
        }
        return false;
    }
}

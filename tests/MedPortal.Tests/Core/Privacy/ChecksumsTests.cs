using MedPortal.Core.Privacy;

namespace MedPortal.Tests.Core.Privacy;

public sealed class ChecksumsTests
{
    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1112", false)]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    public void Luhn_KnownNumbers_CheckDigitDecides(string number, bool valid) => Assert.Equal(valid, Checksums.Luhn(number));

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 33", false)]
    [InlineData("GB82", false)]
    public void Iban_KnownNumbers_Mod97Decides(string iban, bool valid) => Assert.Equal(valid, Checksums.Iban(iban));
}

using MedPortal.Core.Privacy;

namespace MedPortal.Tests.Core.Privacy;

/// <summary>One identifier type at a time, with the look-alikes that must be left alone.</summary>
public sealed class PhiScrubberTests
{
    private static readonly PhiScrubber Scrubber = new();

    private static string Scrub(string text) => Scrubber.Scrub(text).Text;

    [Theory]
    [InlineData("Seen by Dr Okonkwo today.", "Seen by Dr [NAME] today.")]
    [InlineData("My name is Will Turner.", "My name is [NAME].")]
    [InlineData("Referred by Mrs. Grace Hill.", "Referred by Mrs. [NAME].")]
    [InlineData("Krisztián Szöllösy listed his top songs.", "[NAME] listed his top songs.")]
    [InlineData("Please ask for Janka M. Szász at reception.", "Please ask for [NAME] at reception.")]
    [InlineData("The founders: Monjeau, Graves and Reed.", "The founders: [NAME], [NAME] and [NAME].")]
    [InlineData("She named him Frank", "She named him [NAME]")]
    [InlineData("i'm olga krylova, can you help", "i'm [NAME], can you help")]
    [InlineData("Sent to Dr K. Lindqvist.", "Sent to Dr [NAME].")]
    public void Scrub_Names_ReplacedByNamePlaceholder(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Warfarin was stopped. Breathing is easier.")]
    [InlineData("Capitalised words at the start of sentences are fine.")]
    [InlineData("Ultrasound showed gallstones. Referral to surgery.")]
    [InlineData("Diagnosis: Parkinson's disease. Metformin 500 mg continued.")]
    [InlineData("The ATM and the DOB field were checked.")]
    [InlineData("Excuse me, Sir bot, but I really don't like this tone")]
    public void Scrub_OrdinaryCapitalisedWords_LeftAlone(string text) => Assert.Equal(text, Scrub(text));

    [Theory]
    [InlineData("BP 120/80, pulse 88, 3 times a day, 2 mg at night.")]
    [InlineData("She was admitted in 2019 with pneumonia.")]
    [InlineData("An 83-year-old man, temperature 38.2.")]
    [InlineData("The 2 mg dose was given at 10:30 and repeated after 4 hours.")]
    [InlineData("HbA1c 58 mmol/mol, eGFR 64, 1/2 tablet.")]
    public void Scrub_ClinicalNumbersAndBareYears_LeftAlone(string text) => Assert.Equal(text, Scrub(text));

    [Theory]
    [InlineData("DOB 14/03/1941.", "DOB [DATE].")]
    [InlineData("Admitted 2024-11-02 08:15:00, discharged 2024-11-09.", "Admitted [DATE], discharged [DATE].")]
    [InlineData("Seen on 3 March 2024 and on January 19, 2025.", "Seen on [DATE] and on [DATE].")]
    [InlineData("Lab report 05.06.2023 attached.", "Lab report [DATE] attached.")]
    [InlineData("He turned 92 on 8 May.", "He turned [AGE] on [DATE].")]
    [InlineData("Pain since Tuesday.", "Pain since [DATE].")]
    public void Scrub_Dates_ReplacedButYearsKept(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("She is aged 97 and lives alone.", "She is aged [AGE] and lives alone.")]
    [InlineData("A 101-year-old woman.", "A [AGE]-year-old woman.")]
    [InlineData("I just turned 54", "I just turned 54")]
    public void Scrub_Ages_OnlyOver89(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Call 0113 496 0721 or +44 20 7946 0958.", "Call [PHONE] or [PHONE].")]
    [InlineData("Fax: 463-612-6138x036", "Fax: [PHONE]")]
    [InlineData("desk: (602)272-9781", "desk: [PHONE]")]
    [InlineData("Desk: +41 (0)85 806 98 67", "Desk: [PHONE]")]
    public void Scrub_PhoneAndFax_ReplacedByPhonePlaceholder(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Email r.fitzgerald@northgate-clinic.co.uk today", "Email [EMAIL] today")]
    [InlineData("See https://portal.example.org/results?id=4.", "See [URL].")]
    [InlineData("Visit www.northgate-clinic.co.uk for times", "Visit [URL] for times")]
    [InlineData("Our site is medportal.health now", "Our site is [URL] now")]
    public void Scrub_EmailUrlDomain_Replaced(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("blocked 192.168.10.200 twice", "blocked [IP] twice")]
    [InlineData("from 2001:db8:85a3::8a2e:370:7334 too", "from [IP] too")]
    [InlineData("from 6e40:4041:c617:e898:c11:40d2:c669:2eb4", "from [IP]")]
    [InlineData("version 1.2.3 and time 12:20:39", "version 1.2.3 and time 12:20:39")]
    public void Scrub_IpAddresses_V4AndV6Only(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("SSN 219-09-9999.", "SSN [SSN].")]
    [InlineData("MRN: A8823419", "MRN: [MRN]")]
    [InlineData("NHS number 943 476 5919", "NHS number [MRN]")]
    [InlineData("hospital number RX-449812", "hospital number [MRN]")]
    [InlineData("member ID XQJ-4471902, policy number PL99812034", "member ID [ACCOUNT], policy number [ACCOUNT]")]
    [InlineData("Account number 00451872 is overdue.", "Account number [ACCOUNT] is overdue.")]
    [InlineData("My driver's license number is U62928788557186", "My driver's license number is [LICENCE]")]
    [InlineData("Pacemaker serial number PM7731-22841.", "Pacemaker serial number [DEVICE].")]
    [InlineData("VIN 1HGCM82633A004352, plate KX19 ABC", "VIN [DEVICE], plate [DEVICE]")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E", "MAC [DEVICE]")]
    public void Scrub_RecordAccountLicenceAndDeviceNumbers_Replaced(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Card 4111 1111 1111 1111 on file.", "Card [CARD] on file.")]
    [InlineData("my card 4735237677106546 at the ATM", "my card [CARD] at the ATM")]
    public void Scrub_LuhnValidCards_Replaced(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Fact]
    public void Scrub_LuhnInvalidCardLikeNumber_NotACard()
    {
        var spans = Scrubber.Scrub("ref 4111 1111 1111 1112 noted").Spans;

        Assert.DoesNotContain(spans, s => s.Type == PhiType.CreditCard);
    }

    [Fact]
    public void Scrub_Iban_ValidMod97ReplacedInvalidNot()
    {
        Assert.Equal("Refund to [IBAN].", Scrub("Refund to GB82 WEST 1234 5698 7654 32."));
        Assert.DoesNotContain(Scrubber.Scrub("Refund to GB83 WEST 1234 5698 7654 32.").Spans, s => s.Type == PhiType.Iban);
    }

    [Theory]
    [InlineData("Lives at 27 Larkspur Close, Chesterfield S40 2QT.", "Lives at [ADDRESS].")]
    [InlineData("Flat 4, 18 Harcourt Road, Leeds LS6 3JP. Daughter visits.", "[ADDRESS]. Daughter visits.")]
    [InlineData("I live at 4417 Maple Street, Springfield, IL 62704.", "I live at [ADDRESS].")]
    [InlineData("Contact: Storgatan 12, 111 51 Stockholm", "Contact: [ADDRESS]")]
    [InlineData("Send to PSC 0413, Box 8144\nAPO AA 42323 please", "Send to [ADDRESS] please")]
    [InlineData("It's in P.O. Box 211 Medvedev Islands\n Apt. 258\n Pituffik", "It's in [ADDRESS]")]
    [InlineData("We met at the corner of ul. Grochowa 80 and Lahtinen Road, then left.", "We met at [ADDRESS], then left.")]
    [InlineData("ZIP: 7412 SL", "ZIP: [ZIP]")]
    public void Scrub_Addresses_WholeAddressReplaced(string text, string expected) => Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("Take 2 tablets 3 times a day for 5 days.")]
    [InlineData("Article 50 of the Treaty was invoked.")]
    [InlineData("Room 12 on Ward 7, bed 3.")]
    public void Scrub_NumbersAfterWords_NotAddresses(string text) => Assert.Equal(text, Scrub(text));

    [Fact]
    public void Scrub_Spans_PointIntoTheOriginalText()
    {
        const string text = "Patient Tomasz Wielgosz, MRN A8823419, phone 0113 496 0721.";

        var result = Scrubber.Scrub(text);

        Assert.Equal("Patient [NAME], MRN [MRN], phone [PHONE].", result.Text);
        Assert.Collection(
            result.Spans,
            s => Assert.Equal(("Tomasz Wielgosz", PhiType.Name), (text.Substring(s.Start, s.Length), s.Type)),
            s => Assert.Equal(("A8823419", PhiType.Mrn), (text.Substring(s.Start, s.Length), s.Type)),
            s => Assert.Equal(("0113 496 0721", PhiType.Phone), (text.Substring(s.Start, s.Length), s.Type)));
    }

    [Fact]
    public void Scrub_TextWithoutIdentifiers_ReturnedUnchangedWithNoSpans()
    {
        var result = Scrubber.Scrub("Cough for three days, no fever.");

        Assert.Equal("Cough for three days, no fever.", result.Text);
        Assert.Empty(result.Spans);
        Assert.Empty(Scrubber.Scrub(string.Empty).Spans);
    }

    [Fact]
    public void Scrub_SameTextTwice_SameResult()
    {
        const string text = "Dear Dr Raman, re Margaret Ellison (DOB 14/03/1941) of 27 Larkspur Close, Chesterfield.";

        Assert.Equal(Scrubber.Scrub(text), Scrubber.Scrub(text), new ScrubbedTextComparer());
    }

    private sealed class ScrubbedTextComparer : IEqualityComparer<ScrubbedText>
    {
        public bool Equals(ScrubbedText? x, ScrubbedText? y) => x!.Text == y!.Text && x.Spans.SequenceEqual(y.Spans);

        public int GetHashCode(ScrubbedText obj) => obj.Text.GetHashCode(StringComparison.Ordinal);
    }
}

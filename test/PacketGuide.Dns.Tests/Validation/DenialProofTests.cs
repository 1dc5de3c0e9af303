using PacketGuide.Dns.Validation;

namespace PacketGuide.Dns.Tests.Validation;

public sealed class DenialProofTests
{
    /// <summary>RFC 5155 appendix A: example. with salt aabbccdd and 12 iterations hashes to 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.</summary>
    [Theory]
    [InlineData("example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom")]
    [InlineData("a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl")]
    [InlineData("ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr")]
    public void The_nsec3_hash_matches_rfc_5155s_examples(string name, string hash) =>
        Assert.Equal(hash, DenialProof.Base32Hex(DenialProof.Nsec3Hash(name, Convert.FromHexString("aabbccdd"), 12)));
}

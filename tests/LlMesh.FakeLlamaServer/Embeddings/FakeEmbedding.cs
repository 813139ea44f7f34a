using System.Text;

namespace LlMesh.FakeLlamaServer.Embeddings;

/// <summary>A deterministic, L2-normalised 8-dimension vector derived from the input's FNV-1a hash.</summary>
internal static class FakeEmbedding
{
    public const int Dimensions = 8;

    public static float[] For(string input)
    {
        var state = Fnv1a(input) | 1;
        var vector = new float[Dimensions];
        double norm = 0;
        for (var i = 0; i < Dimensions; i++)
        {
            // xorshift64*: a tiny, stable generator seeded by the hash.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            var unit = ((state * 2685821657736338717UL) >> 11) * (1.0 / (1UL << 53));
            vector[i] = (float)((unit * 2) - 1);
            norm += vector[i] * vector[i];
        }

        var scale = (float)(1 / Math.Sqrt(Math.Max(norm, double.Epsilon)));
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    private static ulong Fnv1a(string input)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(input))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}

namespace FoscamPS.Model
{
    /// <summary>Reads the picture size from a JPEG's SOF header without decoding it.</summary>
    public static class JpegInfo
    {
        /// <summary>Width and height from the first SOFn segment; false when the data has none before SOS.</summary>
        public static bool TryGetSize(byte[] data, out int width, out int height)
        {
            width = height = 0;
            if (data is null || data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8) return false;
            int i = 2;
            while (i + 4 <= data.Length)
            {
                if (data[i] != 0xFF) return false;
                byte marker = data[i + 1];
                if (marker == 0xFF) { i++; continue; }            // fill byte
                if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { i += 2; continue; }
                if (marker == 0xD9 || marker == 0xDA) return false;
                int len = (data[i + 2] << 8) | data[i + 3];
                if (len < 2) return false;
                bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (sof)
                {
                    if (i + 9 > data.Length) return false;
                    height = (data[i + 5] << 8) | data[i + 6];
                    width = (data[i + 7] << 8) | data[i + 8];
                    return true;
                }
                i += 2 + len;
            }
            return false;
        }
    }
}

namespace PhotoPrefs.Duplicates;

/// <summary>A crop: left, top, width and height as shares of the grid's side.</summary>
internal readonly record struct CropWindow(float Left, float Top, float Width, float Height)
{
    public static CropWindow Whole => new(0, 0, 1, 1);

    public bool Valid => Left >= -0.0001f && Top >= -0.0001f && Left + Width <= 1.0001f && Top + Height <= 1.0001f
        && Width >= PictureMatch.SmallestCrop - 0.05f && Height >= PictureMatch.SmallestCrop - 0.05f;

    public CropWindow Move(int coordinate, float by, float ratio) => coordinate switch
    {
        0 => this with { Left = Left + by },
        1 => this with { Top = Top + by },
        _ => this with { Width = Width + by, Height = (Width + by) / ratio },
    };
}

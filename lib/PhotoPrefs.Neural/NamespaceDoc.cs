namespace PhotoPrefs.Neural;

/// <summary>
/// The CNN engine behind stage 5 (FixMatch): float32 NCHW tensors, layers with forward and backward
/// passes, losses and optimisers, on the CPU. It knows nothing about photos. In: tensors. Out: logits,
/// gradients, updated parameters. Every layer is checked against PyTorch's numbers.
/// </summary>
internal static class NamespaceDoc
{
}

// One case per check of the onnx dialect's verifiers (ONNXOps.cpp) and of the
// shape inference every typed op runs as part of verification
// (ONNXShapeInference.cpp, through the InferredTypesCompatible trait): result
// types that contradict inference, operands that break the op's shape rules.
//
// The trait runs before each op's own verify(), so where both check the same
// thing (Cast 'to', Flatten/ArgMax/LayerNormalization/TopK/Split axis, Gemm
// and Conv ranks, LSTM/GRU direction) the inference message is the one seen.
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

func.func @add_element_types(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.Add' op 'B' has element type 'i32', expected 'f32' (the type of 'A')}}
  %0 = onnx.Add %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return
}

// -----

func.func @equal_element_types(%a: tensor<4xf32>, %b: tensor<4xf64>) {
  // expected-error @+1 {{'onnx.Equal' op 'B' has element type 'f64', expected 'f32' (the type of 'A')}}
  %0 = onnx.Equal %a, %b : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xi1>
  return
}

// -----

func.func @prelu_element_types(%x: tensor<4xf32>, %s: tensor<4xf16>) {
  // expected-error @+1 {{'onnx.PRelu' op 'Slope' has element type 'f16', expected 'f32' (the type of 'X')}}
  %0 = onnx.PRelu %x, %s : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @where_element_types(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xi64>) {
  // expected-error @+1 {{'onnx.Where' op 'Y' has element type 'i64', expected 'f32' (the type of 'X')}}
  %0 = onnx.Where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @pow_not_numeric(%x: tensor<2x!onnx.string>, %y: tensor<f32>) {
  // expected-error @+1 {{'onnx.Pow' op operands must be numeric, got '!onnx.string'}}
  %0 = onnx.Pow %x, %y : (tensor<2x!onnx.string>, tensor<f32>) -> tensor<2x!onnx.string>
  return
}

// -----

func.func @max_no_inputs() {
  // expected-error @+1 {{'onnx.Max' op needs at least one input}}
  %0 = onnx.Max : () -> tensor<f32>
  return
}

// -----

func.func @sum_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{'onnx.Sum' op 'data_0' has element type 'f16', expected 'f32' (the type of 'data_0')}}
  %0 = onnx.Sum %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Softmax' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = onnx.Softmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @lrn_size(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{'onnx.LRN' op 'size' is 0, expected a positive value}}
  %0 = onnx.LRN %x {size = 0 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @clip_bound_not_scalar(%x: tensor<4xf32>, %lo: tensor<2xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Clip' op 'min' must be a scalar, got rank 1}}
  %0 = onnx.Clip %x, %lo, %none : (tensor<4xf32>, tensor<2xf32>, none) -> tensor<4xf32>
  return
}

// -----

func.func @clip_bound_element_type(%x: tensor<4xf32>, %hi: tensor<f64>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Clip' op 'max' has element type 'f64', expected 'f32' (the type of 'input')}}
  %0 = onnx.Clip %x, %none, %hi : (tensor<4xf32>, none, tensor<f64>) -> tensor<4xf32>
  return
}

// -----

func.func @cast_to(%x: tensor<4xf32>) {
  // expected-error @+1 {{'to' = 99 is not an ONNX data type}}
  %0 = onnx.Cast %x {to = 99 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @constant_of_shape_value(%s: tensor<2xi64>) {
  // expected-error @+1 {{'onnx.ConstantOfShape' op 'value' has 2 elements, expected 1}}
  %0 = onnx.ConstantOfShape %s {value = dense<[1, 2]> : tensor<2xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
  return
}

// -----

func.func @constant_of_shape_rank(%s: tensor<2x2xi64>) {
  // expected-error @+1 {{'onnx.ConstantOfShape' op 'input' has rank 2, expected 1}}
  %0 = onnx.ConstantOfShape %s : (tensor<2x2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_shape_rank(%x: tensor<6xf32>, %s: tensor<1x2xi64>) {
  // expected-error @+1 {{'onnx.Reshape' op 'shape' has rank 2, expected 1}}
  %0 = onnx.Reshape %x, %s : (tensor<6xf32>, tensor<1x2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_shape_type(%x: tensor<6xf32>, %s: tensor<2xi32>) {
  // expected-error @+1 {{'onnx.Reshape' op 'shape' has element type 'i32', expected i64}}
  %0 = onnx.Reshape %x, %s : (tensor<6xf32>, tensor<2xi32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 3 is out of range for rank 2}}
  %0 = onnx.Flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Transpose' op 'perm' is not a permutation of 0..1}}
  %0 = onnx.Transpose %x {perm = [1, 1]} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{'onnx.Concat' op needs at least one input}}
  %0 = onnx.Concat {axis = 0 : i64} : () -> tensor<*xf32>
  return
}

// -----

func.func @concat_element_types(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{'onnx.Concat' op 'inputs' has element type 'i32', expected 'f32' (the type of 'inputs')}}
  %0 = onnx.Concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<2xi32>) -> tensor<4xf32>
  return
}

// -----

func.func @gather_indices_type(%d: tensor<5xf32>, %i: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.Gather' op 'indices' has element type 'f32', expected i32 or i64}}
  %0 = onnx.Gather %d, %i : (tensor<5xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_axis(%d: tensor<5xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{axis 1 is out of range for rank 1}}
  %0 = onnx.Gather %d, %i {axis = 1 : i64} : (tensor<5xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @scatternd_reduction(%d: tensor<8xf32>, %i: tensor<4x1xi64>, %u: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.ScatterND' op 'reduction' is 'sub', expected one of: none, add, mul, max, min}}
  %0 = onnx.ScatterND %d, %i, %u {reduction = "sub"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @scatternd_element_types(%d: tensor<8xf32>, %i: tensor<4x1xi64>, %u: tensor<4xi32>) {
  // expected-error @+1 {{'onnx.ScatterND' op 'updates' has element type 'i32', expected 'f32' (the type of 'data')}}
  %0 = onnx.ScatterND %d, %i, %u : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xi32>) -> tensor<8xf32>
  return
}

// -----

func.func @split_num_outputs(%x: tensor<4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Split' op 'num_outputs' is 3, but the op has 2 results}}
  %0:2 = onnx.Split %x, %none {num_outputs = 3 : i64} : (tensor<4xf32>, none) -> (tensor<2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @split_sizes_count(%x: tensor<4xf32>) {
  %s = onnx.Constant {value = dense<[1, 1, 2]> : tensor<3xi64>} : () -> tensor<3xi64>
  // expected-error @+1 {{'onnx.Split' op 'split' has 3 sizes, but the op has 2 results}}
  %0:2 = onnx.Split %x, %s : (tensor<4xf32>, tensor<3xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

func.func @split_axis(%x: tensor<4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{axis 1 is out of range for rank 1}}
  %0:2 = onnx.Split %x, %none {axis = 1 : i64} : (tensor<4xf32>, none) -> (tensor<2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @pad_mode(%x: tensor<2xf32>, %p: tensor<2xi64>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Pad' op 'mode' is 'mirror', expected one of: constant, reflect, edge, wrap}}
  %0 = onnx.Pad %x, %p, %none, %none {mode = "mirror"} : (tensor<2xf32>, tensor<2xi64>, none, none) -> tensor<?xf32>
  return
}

// -----

func.func @pad_pads_rank(%x: tensor<2xf32>, %p: tensor<1x2xi64>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Pad' op 'pads' has rank 2, expected 1}}
  %0 = onnx.Pad %x, %p, %none, %none : (tensor<2xf32>, tensor<1x2xi64>, none, none) -> tensor<?xf32>
  return
}

// -----

func.func @depth_to_space_mode(%x: tensor<1x8x2x3xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op 'mode' is 'RCD', expected one of: DCR, CRD}}
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64, mode = "RCD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return
}

// -----

func.func @depth_to_space_blocksize(%x: tensor<*xf32>) {
  // expected-error @+1 {{'onnx.DepthToSpace' op 'blocksize' is 0, expected a positive value}}
  %0 = onnx.DepthToSpace %x {blocksize = 0 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @space_to_depth_blocksize(%x: tensor<*xf32>) {
  // expected-error @+1 {{'onnx.SpaceToDepth' op 'blocksize' is -2, expected a positive value}}
  %0 = onnx.SpaceToDepth %x {blocksize = -2 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @resize_mode(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Resize' op 'mode' is 'bilinear', expected one of: nearest, linear, cubic}}
  %0 = onnx.Resize %x, %none, %s, %none {mode = "bilinear"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_coordinate_mode(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Resize' op 'coordinate_transformation_mode' is 'center', expected one of: half_pixel, half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric, tf_crop_and_resize, tf_half_pixel_for_nn}}
  %0 = onnx.Resize %x, %none, %s, %none {coordinate_transformation_mode = "center"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_nearest_mode(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Resize' op 'nearest_mode' is 'round', expected one of: round_prefer_floor, round_prefer_ceil, floor, ceil}}
  %0 = onnx.Resize %x, %none, %s, %none {nearest_mode = "round"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_scales_and_sizes(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>, %z: tensor<4xi64>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Resize' op only one of 'scales' and 'sizes' may be given}}
  %0 = onnx.Resize %x, %none, %s, %z : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @einsum_no_inputs() {
  // expected-error @+1 {{equation has 1 input terms for 0 inputs}}
  %0 = onnx.Einsum {equation = "->"} : () -> tensor<f32>
  return
}

// -----

func.func @einsum_character(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Einsum' op equation 'i1->i' has an invalid character '1'}}
  %0 = onnx.Einsum %a {equation = "i1->i"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @topk_k_rank(%x: tensor<3x10xf32>, %k: tensor<i64>) {
  // expected-error @+1 {{'onnx.TopK' op 'K' has rank 0, expected 1}}
  %0:2 = onnx.TopK %x, %k : (tensor<3x10xf32>, tensor<i64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return
}

// -----

func.func @topk_k_negative(%x: tensor<3x10xf32>) {
  %k = onnx.Constant {value = dense<-1> : tensor<1xi64>} : () -> tensor<1xi64>
  // expected-error @+1 {{'onnx.TopK' op 'K' is -1, expected >= 0}}
  %0:2 = onnx.TopK %x, %k : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return
}

// -----

func.func @topk_axis(%x: tensor<3x10xf32>, %k: tensor<1xi64>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0:2 = onnx.TopK %x, %k {axis = 2 : i64} : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  return
}

// -----

func.func @argmax_axis(%x: tensor<3x10xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = onnx.ArgMax %x {axis = -3 : i64} : (tensor<3x10xf32>) -> tensor<*xi64>
  return
}

// -----

func.func @argmin_axis(%x: tensor<3x10xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = onnx.ArgMin %x {axis = 2 : i64} : (tensor<3x10xf32>) -> tensor<*xi64>
  return
}

// -----

func.func @reduce_axes_rank(%x: tensor<3x10xf32>, %a: tensor<1x1xi64>) {
  // expected-error @+1 {{'onnx.ReduceSum' op 'axes' has rank 2, expected 1}}
  %0 = onnx.ReduceSum %x, %a : (tensor<3x10xf32>, tensor<1x1xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @conv_auto_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Conv' op 'auto_pad' is 'SAME', expected one of: NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %0 = onnx.Conv %x, %w, %none {auto_pad = "SAME"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4x1xf32>) {
  // expected-error @+1 {{'onnx.Conv' op 'B' has rank 2, expected 1}}
  %0 = onnx.Conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4x1xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_group(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Conv' op 'group' is 0, expected a positive value}}
  %0 = onnx.Conv %x, %w, %none {group = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{kernel_shape has 1 values, expected 2}}
  %0 = onnx.Conv %x, %w, %none : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<1x3xf32>, %w: tensor<4x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{input must have rank >= 3 (N x C x D1...), got 2}}
  %0 = onnx.Conv %x, %w, %none : (tensor<1x3xf32>, tensor<4x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Conv' op 'X' has 3 input channels, expected 2}}
  %0 = onnx.Conv %x, %w, %none : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_transpose_auto_pad(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.ConvTranspose' op 'auto_pad' is 'FULL', expected one of: NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %0 = onnx.ConvTranspose %x, %w, %none {auto_pad = "FULL"} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_transpose_channels(%x: tensor<1x4x3x3xf32>, %w: tensor<3x2x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.ConvTranspose' op 'W' has 3 input channels, expected 4}}
  %0 = onnx.ConvTranspose %x, %w, %none : (tensor<1x4x3x3xf32>, tensor<3x2x3x3xf32>, none) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @qlinear_conv_zero_point(%x: tensor<1x1x5x5xui8>, %s: tensor<f32>, %xz: tensor<i8>, %w: tensor<1x1x3x3xui8>, %wz: tensor<ui8>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.QLinearConv' op 'x_zero_point' has element type 'i8', expected 'ui8'}}
  %0 = onnx.QLinearConv %x, %s, %xz, %w, %s, %wz, %s, %wz, %none : (tensor<1x1x5x5xui8>, tensor<f32>, tensor<i8>, tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>, none) -> tensor<1x1x3x3xui8>
  return
}

// -----

func.func @qlinear_conv_auto_pad(%x: tensor<1x1x5x5xui8>, %s: tensor<f32>, %z: tensor<ui8>, %w: tensor<1x1x3x3xui8>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.QLinearConv' op 'auto_pad' is 'same', expected one of: NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %0 = onnx.QLinearConv %x, %s, %z, %w, %s, %z, %s, %z, %none {auto_pad = "same"} : (tensor<1x1x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>, none) -> tensor<*xui8>
  return
}

// -----

func.func @average_pool_auto_pad(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op 'auto_pad' is 'VALID_UPPER', expected one of: NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %0 = onnx.AveragePool %x {auto_pad = "VALID_UPPER", kernel_shape = [2, 2]} : (tensor<1x3x8x8xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @average_pool_kernel(%x: tensor<*xf32>) {
  // expected-error @+1 {{'onnx.AveragePool' op 'kernel_shape' is 0, expected a positive value}}
  %0 = onnx.AveragePool %x {kernel_shape = [2, 0]} : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @max_pool_auto_pad(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op 'auto_pad' is '', expected one of: NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  %0, %1 = onnx.MaxPool %x {auto_pad = "", kernel_shape = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @max_pool_kernel(%x: tensor<*xf32>) {
  // expected-error @+1 {{'onnx.MaxPool' op 'kernel_shape' is -1, expected a positive value}}
  %0, %1 = onnx.MaxPool %x {kernel_shape = [-1, 2]} : (tensor<*xf32>) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @global_average_pool_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.GlobalAveragePool' op 'X' has rank 2, expected at least 3}}
  %0 = onnx.GlobalAveragePool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @global_max_pool_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.GlobalMaxPool' op 'X' has rank 2, expected at least 3}}
  %0 = onnx.GlobalMaxPool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_param_rank(%x: tensor<1x8x4x4xf32>, %c: tensor<8xf32>, %bad: tensor<8x1xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op 'B' has rank 2, expected 1}}
  %0, %1, %2 = onnx.BatchNormalization %x, %c, %bad, %c, %c : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8x1xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x8x4x4xf32>, none, none)
  return
}

// -----

func.func @batch_norm_param_size(%x: tensor<1x8x4x4xf32>, %c: tensor<8xf32>, %bad: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.BatchNormalization' op 'input_var' has 4 elements, expected 8 (one per channel)}}
  %0, %1, %2 = onnx.BatchNormalization %x, %c, %c, %c, %bad : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>) -> (tensor<1x8x4x4xf32>, none, none)
  return
}

// -----

func.func @instance_norm_param_size(%x: tensor<1x8x4x4xf32>, %c: tensor<8xf32>, %bad: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.InstanceNormalization' op 'scale' has 3 elements, expected 8 (one per channel)}}
  %0 = onnx.InstanceNormalization %x, %bad, %c : (tensor<1x8x4x4xf32>, tensor<3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x16x64xf32>, %s: tensor<64xf32>) {
  %none = onnx.none
  // expected-error @+1 {{axis 3 is out of range for rank 3}}
  %0, %1, %2 = onnx.LayerNormalization %x, %s, %none {axis = 3 : i64} : (tensor<2x16x64xf32>, tensor<64xf32>, none) -> (tensor<2x16x64xf32>, none, none)
  return
}

// -----

func.func @gemm_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  %none = onnx.none
  // expected-error @+1 {{A and B must be 2-D}}
  %0 = onnx.Gemm %a, %b, %none : (tensor<2x3x4xf32>, tensor<4x5xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @gemm_element_types(%a: tensor<3x4xf32>, %b: tensor<4x5xf16>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Gemm' op 'B' has element type 'f16', expected 'f32' (the type of 'A')}}
  %0 = onnx.Gemm %a, %b, %none : (tensor<3x4xf32>, tensor<4x5xf16>, none) -> tensor<3x5xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<3x4xf32>, %b: tensor<4x5xi32>) {
  // expected-error @+1 {{'onnx.MatMul' op 'B' has element type 'i32', expected 'f32' (the type of 'A')}}
  %0 = onnx.MatMul %a, %b : (tensor<3x4xf32>, tensor<4x5xi32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @matmul_integer_type(%a: tensor<2x3xi16>, %b: tensor<3x4xi8>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.MatMulInteger' op 'A' has element type 'i16', expected an 8-bit integer}}
  %0 = onnx.MatMulInteger %a, %b, %none, %none : (tensor<2x3xi16>, tensor<3x4xi8>, none, none) -> tensor<2x4xi32>
  return
}

// -----

func.func @matmul_integer_zero_point(%a: tensor<2x3xui8>, %b: tensor<3x4xi8>, %bz: tensor<ui8>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.MatMulInteger' op 'b_zero_point' has element type 'ui8', expected 'i8'}}
  %0 = onnx.MatMulInteger %a, %b, %none, %bz : (tensor<2x3xui8>, tensor<3x4xi8>, none, tensor<ui8>) -> tensor<2x4xi32>
  return
}

// -----

func.func @qlinear_matmul_zero_point(%a: tensor<2x3xui8>, %s: tensor<f32>, %z: tensor<ui8>, %b: tensor<3x4xi8>) {
  // expected-error @+1 {{'onnx.QLinearMatMul' op 'b_zero_point' has element type 'ui8', expected 'i8'}}
  %0 = onnx.QLinearMatMul %a, %s, %z, %b, %s, %z, %s, %z : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>, tensor<3x4xi8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<2x4xui8>
  return
}

// -----

func.func @quantize_scale_type(%x: tensor<4xf32>, %s: tensor<i32>, %z: tensor<i8>) {
  // expected-error @+1 {{'onnx.QuantizeLinear' op 'y_scale' has element type 'i32', expected a float type}}
  %0 = onnx.QuantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<i32>, tensor<i8>) -> tensor<4xi8>
  return
}

// -----

func.func @quantize_scale_rank(%x: tensor<4x4xf32>, %s: tensor<4x4xf32>, %z: tensor<i8>) {
  // expected-error @+1 {{'onnx.QuantizeLinear' op 'y_scale' has rank 2, expected 0 (per tensor) or 1 (per axis)}}
  %0 = onnx.QuantizeLinear %x, %s, %z : (tensor<4x4xf32>, tensor<4x4xf32>, tensor<i8>) -> tensor<4x4xi8>
  return
}

// -----

func.func @dequantize_zero_point(%x: tensor<4xi8>, %s: tensor<f32>, %z: tensor<ui8>) {
  // expected-error @+1 {{'onnx.DequantizeLinear' op 'x_zero_point' has element type 'ui8', expected 'i8'}}
  %0 = onnx.DequantizeLinear %x, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  return
}

// -----

func.func @dequantize_scale_rank(%x: tensor<4x4xi8>, %s: tensor<4x4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.DequantizeLinear' op 'x_scale' has rank 2, expected 0 (per tensor) or 1 (per axis)}}
  %0 = onnx.DequantizeLinear %x, %s, %none : (tensor<4x4xi8>, tensor<4x4xf32>, none) -> tensor<4x4xf32>
  return
}

// -----

func.func @lstm_weight_rank(%x: tensor<20x1x32xf32>, %w: tensor<256x32xf32>, %r: tensor<1x256x64xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.LSTM' op 'W' has rank 2, expected 3}}
  %0, %1, %2 = onnx.LSTM %x, %w, %r, %none, %none, %none, %none, %none {hidden_size = 64 : i64} : (tensor<20x1x32xf32>, tensor<256x32xf32>, tensor<1x256x64xf32>, none, none, none, none, none) -> (tensor<20x1x1x64xf32>, none, none)
  return
}

// -----

func.func @lstm_direction(%x: tensor<20x1x32xf32>, %w: tensor<1x256x32xf32>, %r: tensor<1x256x64xf32>) {
  %none = onnx.none
  // expected-error @+1 {{direction must be forward, reverse or bidirectional, got 'both'}}
  %0, %1, %2 = onnx.LSTM %x, %w, %r, %none, %none, %none, %none, %none {hidden_size = 64 : i64, direction = "both"} : (tensor<20x1x32xf32>, tensor<1x256x32xf32>, tensor<1x256x64xf32>, none, none, none, none, none) -> (tensor<*xf32>, none, none)
  return
}

// -----

func.func @gru_recurrence_rank(%x: tensor<5x1x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<48x16xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.GRU' op 'R' has rank 2, expected 3}}
  %0, %1 = onnx.GRU %x, %w, %r, %none, %none, %none {hidden_size = 16 : i64} : (tensor<5x1x8xf32>, tensor<1x48x8xf32>, tensor<48x16xf32>, none, none, none) -> (tensor<5x1x1x16xf32>, none)
  return
}

// -----

func.func @gru_direction(%x: tensor<5x1x8xf32>, %w: tensor<1x48x8xf32>, %r: tensor<1x48x16xf32>) {
  %none = onnx.none
  // expected-error @+1 {{direction must be forward, reverse or bidirectional, got 'backward'}}
  %0, %1 = onnx.GRU %x, %w, %r, %none, %none, %none {hidden_size = 16 : i64, direction = "backward"} : (tensor<5x1x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>, none, none, none) -> (tensor<*xf32>, none)
  return
}

// -----

func.func @if_cond_elements(%c: tensor<2xi1>, %a: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.If' op 'cond' has 2 elements, expected 1}}
  %0 = onnx.If %c : (tensor<2xi1>) -> tensor<2xf32> then {
    onnx.yield %a : tensor<2xf32>
  } else {
    onnx.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @if_then_yields(%c: tensor<i1>, %a: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.If' op region 'then_branch' yields 2 values, expected 1}}
  %0 = onnx.If %c : (tensor<i1>) -> tensor<2xf32> then {
    onnx.yield %a, %a : tensor<2xf32>, tensor<2xf32>
  } else {
    onnx.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @if_else_yields(%c: tensor<i1>, %a: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.If' op region 'else_branch' yields 0 values, expected 1}}
  %0 = onnx.If %c : (tensor<i1>) -> tensor<2xf32> then {
    onnx.yield %a : tensor<2xf32>
  } else {
    onnx.yield
  }
  return
}

// -----

func.func @loop_body_arguments(%n: tensor<i64>, %x: tensor<f32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Loop' op body has 2 arguments, expected 3 (iteration number, condition, carried values)}}
  %0 = onnx.Loop %n, %none, %x : (tensor<i64>, none, tensor<f32>) -> tensor<f32> body {
  ^bb0(%i: tensor<i64>, %v: tensor<f32>):
    onnx.yield %v, %v : tensor<f32>, tensor<f32>
  }
  return
}

// -----

func.func @yield_outside_subgraph(%a: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.yield' op expects parent op to be one of 'onnx.If, onnx.Loop, onnx.custom'}}
  onnx.yield %a : tensor<2xf32>
}

// -----

func.func @result_shape_contradicts(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'onnx.Relu' op result 0 has type 'tensor<3x2xf32>', but its operands imply tensor<2x3xf32>}}
  %0 = onnx.Relu %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @result_rank_contradicts(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'onnx.Add' op result 0 has type 'tensor<6xf32>', but its operands imply tensor<2x3xf32>}}
  %0 = onnx.Add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @result_element_contradicts(%x: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Cast' op result 0 has type 'tensor<4xi32>', but its operands imply tensor<4xi64>}}
  %0 = onnx.Cast %x {to = 7 : i64} : (tensor<4xf32>) -> tensor<4xi32>
  return
}

// -----

func.func @comparison_result_element(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'onnx.Less' op result 0 has type 'tensor<4xf32>', but its operands imply tensor<4xi1>}}
  %0 = onnx.Less %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{operand shapes are not broadcastable: [2, 3] vs [4]}}
  %0 = onnx.Mul %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @where_not_broadcastable(%c: tensor<5xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{operand shapes are not broadcastable: [5] vs [4]}}
  %0 = onnx.Where %c, %x, %y : (tensor<5xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @prelu_slope(%x: tensor<2x3xf32>, %s: tensor<4x2x3xf32>) {
  // expected-error @+1 {{slope does not broadcast to X}}
  %0 = onnx.PRelu %x, %s : (tensor<2x3xf32>, tensor<4x2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{inner dimensions differ: 3 vs 4}}
  %0 = onnx.MatMul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) {
  // expected-error @+1 {{batch dimensions are not broadcastable}}
  %0 = onnx.MatMul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @gemm_inner(%a: tensor<2x3xf32>, %b: tensor<5x4xf32>) {
  %none = onnx.none
  // expected-error @+1 {{inner dimensions differ: 3 vs 4}}
  %0 = onnx.Gemm %a, %b, %none {transB = 1 : i64} : (tensor<2x3xf32>, tensor<5x4xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_two_inferred(%x: tensor<6xf32>) {
  %s = onnx.Constant {value = dense<[-1, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{shape has more than one -1}}
  %0 = onnx.Reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_element_count(%x: tensor<6xf32>) {
  %s = onnx.Constant {value = dense<[4, 2]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{cannot reshape 6 elements into 8}}
  %0 = onnx.Reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_indivisible(%x: tensor<7xf32>) {
  %s = onnx.Constant {value = dense<[2, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{cannot reshape 7 elements with a -1 over 2}}
  %0 = onnx.Reshape %x, %s : (tensor<7xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @reshape_copy_dimension(%x: tensor<6xf32>) {
  %s = onnx.Constant {value = dense<[6, 0]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{shape copies dimension 1 (0), but the input has rank 1}}
  %0 = onnx.Reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{perm has 2 entries, expected 3}}
  %0 = onnx.Transpose %x {perm = [1, 0]} : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @concat_dimensions(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{inputs differ in dimension 0: 2 vs 4}}
  %0 = onnx.Concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @concat_ranks(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{inputs have different ranks: 2 and 1}}
  %0 = onnx.Concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @squeeze_non_unit(%x: tensor<2x3xf32>) {
  %a = onnx.Constant {value = dense<[1]> : tensor<1xi64>} : () -> tensor<1xi64>
  // expected-error @+1 {{cannot squeeze dimension 1 of size 3}}
  %0 = onnx.Squeeze %x, %a : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @unsqueeze_repeated(%x: tensor<3xf32>) {
  %a = onnx.Constant {value = dense<[0, 0]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{axes entry 0 is out of range or repeated for output rank 3}}
  %0 = onnx.Unsqueeze %x, %a : (tensor<3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @slice_step_zero(%x: tensor<10xf32>) {
  %none = onnx.none
  %s = onnx.Constant {value = dense<[0]> : tensor<1xi64>} : () -> tensor<1xi64>
  %z = onnx.Constant {value = dense<[0]> : tensor<1xi64>} : () -> tensor<1xi64>
  // expected-error @+1 {{slice step is 0}}
  %0 = onnx.Slice %x, %s, %s, %none, %z : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @split_sizes_sum(%x: tensor<4xf32>) {
  %s = onnx.Constant {value = dense<[1, 2]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{split sizes add up to 3, but the axis has 4}}
  %0:2 = onnx.Split %x, %s : (tensor<4xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

func.func @pad_negative(%x: tensor<2xf32>) {
  %none = onnx.none
  %p = onnx.Constant {value = dense<[-2, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{padding makes dimension 0 negative}}
  %0 = onnx.Pad %x, %p, %none, %none : (tensor<2xf32>, tensor<2xi64>, none, none) -> tensor<*xf32>
  return
}

// -----

func.func @pad_count(%x: tensor<2x2xf32>) {
  %none = onnx.none
  %p = onnx.Constant {value = dense<[1, 1]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{pads has 2 values, expected 4}}
  %0 = onnx.Pad %x, %p, %none, %none : (tensor<2x2xf32>, tensor<2xi64>, none, none) -> tensor<*xf32>
  return
}

// -----

func.func @tile_repeats(%x: tensor<2x3xf32>) {
  %r = onnx.Constant {value = dense<[2]> : tensor<1xi64>} : () -> tensor<1xi64>
  // expected-error @+1 {{repeats has 1 values, expected 2}}
  %0 = onnx.Tile %x, %r : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @range_delta_zero() {
  %a = onnx.Constant {value = dense<0> : tensor<i64>} : () -> tensor<i64>
  // expected-error @+1 {{delta is 0}}
  %0 = onnx.Range %a, %a, %a : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  return
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x2xf32>) {
  // expected-error @+1 {{channels (6) are not divisible by blocksize^2 (4)}}
  %0 = onnx.DepthToSpace %x {blocksize = 2 : i64} : (tensor<1x6x2x2xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @space_to_depth_spatial(%x: tensor<1x1x3x4xf32>) {
  // expected-error @+1 {{spatial dimension 3 is not divisible by blocksize 2}}
  %0 = onnx.SpaceToDepth %x {blocksize = 2 : i64} : (tensor<1x1x3x4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_sizes(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{letter 'j' has sizes 3 and 4}}
  %0 = onnx.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @einsum_output_letter(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{output letter 'k' does not appear in any input}}
  %0 = onnx.Einsum %a {equation = "ij->k"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @constant_of_shape_negative() {
  %s = onnx.Constant {value = dense<[2, -3]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{shape has a negative dimension -3}}
  %0 = onnx.ConstantOfShape %s : (tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @expand_not_broadcastable(%x: tensor<3xf32>) {
  %s = onnx.Constant {value = dense<[2, 4]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{input does not broadcast to the shape}}
  %0 = onnx.Expand %x, %s : (tensor<3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @resize_scales_count(%x: tensor<1x1x2x2xf32>) {
  %none = onnx.none
  %s = onnx.Constant {value = dense<[2.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  // expected-error @+1 {{scales has 2 values, expected 4}}
  %0 = onnx.Resize %x, %none, %s, %none : (tensor<1x1x2x2xf32>, none, tensor<2xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_strides_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{strides, dilations and pads must have 2, 2 and 4 values}}
  %0 = onnx.Conv %x, %w, %none {strides = [2]} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @conv_weight_rank_with_kernel_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Conv' op 'W' has rank 3, expected 4 (the rank of 'X')}}
  %0 = onnx.Conv %x, %w, %none {kernel_shape = [3, 3]} : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @pool_strides_positive(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{strides and dilations must be positive}}
  %0 = onnx.AveragePool %x {kernel_shape = [2, 2], strides = [0, 1]} : (tensor<1x3x8x8xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  %a = onnx.Constant {value = dense<[2]> : tensor<1xi64>} : () -> tensor<1xi64>
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = onnx.ReduceMean %x, %a : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @gather_axis_unranked_indices(%d: tensor<5xf32>, %i: tensor<*xi64>) {
  // expected-error @+1 {{'onnx.Gather' op axis 1 is out of range [-1, 0] for rank 1}}
  %0 = onnx.Gather %d, %i {axis = 1 : i64} : (tensor<5xf32>, tensor<*xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @recurrent_input_rank(%x: tensor<20x32xf32>, %w: tensor<1x256x32xf32>, %r: tensor<1x256x64xf32>) {
  %none = onnx.none
  // expected-error @+1 {{X must have rank 3, got 2}}
  %0, %1, %2 = onnx.LSTM %x, %w, %r, %none, %none, %none, %none, %none : (tensor<20x32xf32>, tensor<1x256x32xf32>, tensor<1x256x64xf32>, none, none, none, none, none) -> (tensor<*xf32>, none, none)
  return
}

// Every systolic op parses, verifies and prints back in its custom assembly
// form; printing is a fixed point, also through the generic form. The
// program is the 3x3 convolution schedule of the simulator's unit test
// (SystolicSimulatorTest.cpp) on a 4x4 array: halo fill, DMA in, per-kernel
// position products accumulating in place, requantizing activation, DMA out.
// RUN: hwc-opt %s | hwc-opt | FileCheck %s
// RUN: hwc-opt %s -mlir-print-op-generic | hwc-opt | FileCheck %s

// CHECK-LABEL: systolic.program "sa4" rows 4 cols 4 buffer_rows 1024 accumulator_rows 256 fifo 4 {
systolic.program "sa4" rows 4 cols 4 buffer_rows 1024 accumulator_rows 256 fifo 4 {
  // CHECK: systolic.buffer @image : dram[0, 36]
  systolic.buffer @image : dram[0, 36]
  // CHECK: systolic.buffer @weights : dram[36, 8] = dense<1> : tensor<32xi8>
  systolic.buffer @weights : dram[36, 8] = dense<1> : tensor<32xi8>
  systolic.buffer @output : dram[44, 36]
  // CHECK: systolic.buffer @padded : ub[0, 64]
  systolic.buffer @padded : ub[0, 64]
  systolic.buffer @result : ub[64, 36]
  systolic.buffer @pooled : ub[100, 9]
  systolic.buffer @sum : ub[109, 36]
  // CHECK: systolic.buffer @acc0 : acc[0, 36]
  systolic.buffer @acc0 : acc[0, 36]
  // CHECK: systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127, 0, 1073741824
  systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127,
                                          0, 1073741824, -1, 0, 0, 127,
                                          0, 1073741824, -1, 0, -128, 127,
                                          0, 1073741824, -1, 0, -128, 127]
  // CHECK: systolic.perf_mark 0 "conv1"
  systolic.perf_mark 0 "conv1"
  // CHECK: systolic.fill @padded[0] count 1 length 64 stride 0 value 3
  systolic.fill @padded[0] count 1 length 64 stride 0 value 3
  // CHECK: systolic.dma_in @image[0] -> @padded[9] count 6 length 6 strides(6, 8) {signal = array<i32: 2>}
  systolic.dma_in @image[0] -> @padded[9] count 6 length 6 strides(6, 8) {signal = array<i32: 2>}
  // CHECK: systolic.load_weights @weights[0] tiles 2
  systolic.load_weights @weights[0] tiles 2
  // CHECK: systolic.matmul @padded[0] -> @acc0[0] count 6 length 6 strides(1, 8) {next_weights, wait = array<i32: 2>}
  systolic.matmul @padded[0] -> @acc0[0] count 6 length 6 strides(1, 8) {next_weights, wait = array<i32: 2>}
  // CHECK: systolic.matmul @padded[1] -> @acc0[0] count 6 length 6 strides(1, 8) {accumulate, next_weights, signal = array<i32: 0>}
  systolic.matmul @padded[1] -> @acc0[0] count 6 length 6 strides(1, 8) {accumulate, next_weights, signal = array<i32: 0>}
  // CHECK: systolic.matmul @padded[0] -> @acc0[0] count 6 length 6 strides(1, 8) {accumulate, next_weights, pair_offset = 9 : i64}
  systolic.matmul @padded[0] -> @acc0[0] count 6 length 6 strides(1, 8) {accumulate, next_weights, pair_offset = 9}
  // CHECK: systolic.activate @acc0[0] -> @result[0] count 6 length 6 stride 6 table @rq[0] {signal = array<i32: 1>, wait = array<i32: 0>}
  systolic.activate @acc0[0] -> @result[0] count 6 length 6 stride 6 table @rq[0] {wait = array<i32: 0>, signal = array<i32: 1>}
  // CHECK: systolic.vector maxpool @result[0], @result[0] -> @pooled[0] count 3 length 3 window(2, 2, 2) strides(6, 0, 3) table @rq[3]
  systolic.vector maxpool @result[0], @result[0] -> @pooled[0] count 3 length 3 window(2, 2, 2) strides(6, 0, 3) table @rq[3]
  // CHECK: systolic.vector add @result[0], @result[0] -> @sum[0] count 6 length 6 window(1, 1, 1) strides(6, 6, 6) table @rq[0]
  systolic.vector add @result[0], @result[0] -> @sum[0] count 6 length 6 window(1, 1, 1) strides(6, 6, 6) table @rq[0]
  // CHECK: systolic.dma_out @result[0] -> @output[0] count 1 length 36 strides(0, 0) {wait = array<i32: 1>}
  systolic.dma_out @result[0] -> @output[0] count 1 length 36 strides(0, 0) {wait = array<i32: 1>}
  // CHECK: systolic.sync
  systolic.sync
  // CHECK: systolic.halt
  systolic.halt
}

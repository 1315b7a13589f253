// One case per check of the systolic dialect's verifiers (SystolicOps.cpp):
// the config, buffers inside their memory, accesses inside their buffers and
// of the right memory, ISA field limits, table entries and semaphores.
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

// expected-error @+1 {{'systolic.program' op array is 4x8; a buffer row feeds every array row and an accumulator row fills one buffer row, so rows must equal cols}}
systolic.program "bad" rows 4 cols 8 buffer_rows 16 accumulator_rows 16 fifo 4 {
}

// -----

// expected-error @+1 {{'systolic.program' op buffer_rows is 0, expected a value in [1, 1048576]}}
systolic.program "bad" rows 4 cols 4 buffer_rows 0 accumulator_rows 16 fifo 4 {
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 16 accumulator_rows 16 fifo 4 {
  // expected-error @+1 {{'systolic.buffer' op rows [10, 20) do not fit the 16 rows of ub}}
  systolic.buffer @x : ub[10, 10]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 16 accumulator_rows 16 fifo 4 {
  // expected-error @+1 {{'systolic.buffer' op only DRAM buffers have initial contents}}
  systolic.buffer @x : ub[0, 1] = dense<0> : tensor<4xi8>
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 16 accumulator_rows 16 fifo 4 {
  // expected-error @+1 {{'systolic.buffer' op contents must be 8 i8 elements (rows x 4 bytes)}}
  systolic.buffer @w : dram[0, 2] = dense<0> : tensor<4xi8>
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 16 accumulator_rows 16 fifo 4 {
  // expected-error @+1 {{'systolic.requant_table' op holds 5 values, not a multiple of 6 (bias, multiplier, shift, zero point, min, max)}}
  systolic.requant_table @rq = [0, 1, 2, 3, 4]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 16 accumulator_rows 16 fifo 4 {
  // expected-error @+1 {{'systolic.requant_table' op entry 0 needs a non-negative multiplier, a shift in [-31, 31] and -128 <= min <= max <= 127}}
  systolic.requant_table @rq = [0, 1073741824, 40, 0, -128, 127]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @image : dram[0, 36]
  systolic.buffer @padded : ub[0, 50]
  // expected-error @+1 {{'systolic.dma_in' op destination reaches row 55 of @padded, which has 50 rows}}
  systolic.dma_in @image[0] -> @padded[10] count 6 length 6 strides(6, 8)
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @image : dram[0, 36]
  systolic.buffer @padded : ub[0, 64]
  // expected-error @+1 {{'systolic.dma_in' op source @padded is in ub, expected dram}}
  systolic.dma_in @padded[0] -> @image[0] count 1 length 6 strides(0, 0)
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @padded : ub[0, 64]
  // expected-error @+1 {{'systolic.dma_out' op destination @nowhere does not name a systolic.buffer}}
  systolic.dma_out @padded[0] -> @nowhere[0] count 1 length 6 strides(0, 0)
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @image : dram[0, 36]
  systolic.buffer @padded : ub[0, 64]
  // expected-error @+1 {{'systolic.dma_in' op destination starts at row -1 of @padded, before its first row}}
  systolic.dma_in @image[0] -> @padded[-1] count 1 length 6 strides(0, 0)
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @image : dram[0, 8000]
  systolic.buffer @padded : ub[0, 64]
  // expected-error @+1 {{'systolic.dma_in' op count is 5000, expected a value in [0, 4095]}}
  systolic.dma_in @image[0] -> @padded[0] count 5000 length 1 strides(1, 0)
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 2 {
  systolic.buffer @w : dram[0, 12]
  // expected-error @+1 {{'systolic.load_weights' op tiles is 3, expected a value in [1, 2]}}
  systolic.load_weights @w[0] tiles 3
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @w : dram[0, 6]
  // expected-error @+1 {{'systolic.load_weights' op source reaches row 7 of @w, which has 6 rows}}
  systolic.load_weights @w[0] tiles 2
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.buffer @acc : acc[0, 16]
  // expected-error @+1 {{'systolic.matmul' op destination reaches row 17 of @acc, which has 16 rows}}
  systolic.matmul @x[0] -> @acc[0] count 3 length 6 strides(1, 6)
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.buffer @acc : acc[0, 16]
  // expected-error @+1 {{'systolic.matmul' op inner_stride is 16, expected a value in [0, 15]}}
  systolic.matmul @x[0] -> @acc[0] count 1 length 2 strides(16, 0)
}

// -----

// The paired rows of a packed product must lie inside the source buffer.
systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.buffer @acc : acc[0, 16]
  // expected-error @+1 {{'systolic.matmul' op source reaches row 65 of @x, which has 64 rows}}
  systolic.matmul @x[50] -> @acc[0] count 1 length 6 strides(1, 0) {pair_offset = 10}
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.buffer @acc : acc[0, 16]
  systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127]
  // expected-error @+1 {{'systolic.activate' op reads table entries [0, 4) of @rq, which has 1}}
  systolic.activate @acc[0] -> @x[0] count 1 length 4 stride 0 table @rq[0]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.buffer @y : ub[0, 4]
  systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127]
  // expected-error @+1 {{'systolic.vector' op source reaches row 72 of @x, which has 64 rows}}
  systolic.vector maxpool @x[0], @x[0] -> @y[0] count 3 length 3 window(3, 3, 3) strides(8, 0, 2) table @rq[0]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127]
  // expected-error @+1 {{'systolic.vector' op add takes a 1x1 window at stride 1}}
  systolic.vector add @x[0], @x[8] -> @x[16] count 1 length 4 window(2, 2, 1) strides(0, 0, 0) table @rq[0]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127]
  // expected-error @+1 {{'systolic.vector' op reads table entries [0, 3) of @rq, which has 1}}
  systolic.vector add @x[0], @x[8] -> @x[16] count 1 length 4 window(1, 1, 1) strides(0, 0, 0) table @rq[0]
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  systolic.buffer @x : ub[0, 64]
  // expected-error @+1 {{'systolic.fill' op wait names semaphore 8, expected 0 to 7}}
  systolic.fill @x[0] count 1 length 4 stride 0 value 0 {wait = array<i32: 8>}
}

// -----

systolic.program "sa4" rows 4 cols 4 buffer_rows 64 accumulator_rows 16 fifo 4 {
  // expected-error @+1 {{'systolic.sync' op signal names semaphore 1 twice}}
  systolic.sync {signal = array<i32: 1, 1>}
}

// -----

// expected-error @+1 {{'systolic.halt' op expects parent op 'systolic.program'}}
systolic.halt

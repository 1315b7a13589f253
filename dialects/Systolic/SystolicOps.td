//===- SystolicOps.td - The systolic dialect: buffers, engines, sync -*- tablegen -*-===//
//
// The systolic dialect is hwc's ASIC target after tiling and memory
// planning: one op per instruction of the 128-bit ISA (runtime/sim/systolic/
// Isa.h, docs/asic-isa.md), addressed through named buffers. A
// `systolic.program` holds the array configuration its verifiers check
// against; `systolic.buffer` places a region in one memory (unified buffer,
// accumulators or DRAM); every instruction names buffers by symbol plus a
// row offset, so an access outside its buffer is a verifier error rather
// than a corrupted neighbour at run time. Engines synchronize only through
// the semaphores each op waits on (`wait`) and signals (`signal`).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_SYSTOLIC_SYSTOLICOPS_TD
#define HWC_DIALECTS_SYSTOLIC_SYSTOLICOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/EnumAttr.td"

def Systolic_Dialect : Dialect {
  let name = "systolic";
  let cppNamespace = "::hwc::systolic";
  let summary = "A weight-stationary int8 systolic array's program";
  let description = [{
    Programs for hwc's systolic ASIC target (TPU v1 / Gemmini / VTA family):
    an R x C int8 array fed from a unified buffer of R-byte rows, C-lane
    int32 accumulators, a weight FIFO, a vector engine that requantizes,
    pools and adds, and DMA to and from DRAM. Each instruction op maps to
    exactly one 128-bit instruction; the emitter only resolves buffer
    symbols to addresses.
  }];
}

class Systolic_Op<string mnemonic, list<Trait> traits = []>
    : Op<Systolic_Dialect, mnemonic, traits>;

def Systolic_MemorySpace : I32EnumAttr<"MemorySpace", "memory a buffer lives in", [
    I32EnumAttrCase<"Buffer", 0, "ub">,
    I32EnumAttrCase<"Accumulator", 1, "acc">,
    I32EnumAttrCase<"Dram", 2, "dram">]> {
  let cppNamespace = "::hwc::systolic";
}

def Systolic_VectorKind : I32EnumAttr<"VectorKind", "vector-engine operation", [
    I32EnumAttrCase<"Add", 0, "add">,
    I32EnumAttrCase<"MaxPool", 1, "maxpool">,
    I32EnumAttrCase<"AvgPool", 2, "avgpool">,
    I32EnumAttrCase<"Copy", 3, "copy">]> {
  let cppNamespace = "::hwc::systolic";
}

/// Semaphore lists every instruction op may carry.
class Systolic_InstructionOp<string mnemonic, list<Trait> traits = []>
    : Systolic_Op<mnemonic, !listconcat(traits, [HasParent<"ProgramOp">])> {
  let hasVerifier = 1;
}

def Systolic_ProgramOp : Systolic_Op<"program", [SymbolTable, NoTerminator,
                                                 IsolatedFromAbove, NoRegionArguments,
                                                 SingleBlock]> {
  let summary = "a program and the array configuration it targets";
  let description = [{
    Holds buffers, tables and the instruction stream in program order. The
    attributes are the parts of the target config the verifiers need: array
    rows and columns, unified-buffer rows (of `rows` bytes), accumulator rows
    (of `cols` int32) and the weight FIFO's depth in tiles.

    ```mlir
    systolic.program "sa16" rows 16 cols 16 buffer_rows 16384 accumulator_rows 1024 fifo 4 {
      systolic.buffer @x : ub[0, 64]
      systolic.halt
    }
    ```
  }];
  let arguments = (ins StrAttr:$config_name, I64Attr:$rows, I64Attr:$cols,
                   I64Attr:$buffer_rows, I64Attr:$accumulator_rows, I64Attr:$fifo);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $config_name `rows` $rows `cols` $cols `buffer_rows` $buffer_rows
    `accumulator_rows` $accumulator_rows `fifo` $fifo attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def Systolic_BufferOp : Systolic_Op<"buffer", [Symbol, HasParent<"ProgramOp">]> {
  let summary = "a region of rows in one memory, placed by the memory planner";
  let description = [{
    `offset` and `rows` count rows of the space: R bytes in `ub` and `dram`,
    C int32 in `acc`. A DRAM buffer may carry its initial contents (pre-tiled
    weights, biases) as int8 elements, `rows` x R of them.

    ```mlir
    systolic.buffer @conv1_in : ub[0, 1024]
    systolic.buffer @conv1_w : dram[0, 32] = dense<...> : tensor<512xi8>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Systolic_MemorySpace:$space,
                   I64Attr:$offset, I64Attr:$rows, OptionalAttr<ElementsAttr>:$contents);
  let assemblyFormat = [{
    $sym_name `:` $space `[` $offset `,` $rows `]` (`=` $contents^)? attr-dict
  }];
  let hasVerifier = 1;
}

def Systolic_RequantTableOp : Systolic_Op<"requant_table", [Symbol, HasParent<"ProgramOp">]> {
  let summary = "the vector engine's requantization entries";
  let description = [{
    Six int32 per entry: bias, multiplier (Q31 mantissa), shift, output zero
    point, min and max level. An activation reads C consecutive entries (one
    per output channel); VECTOR add reads three (left, right, output).

    ```mlir
    systolic.requant_table @rq = [0, 1073741824, -1, 0, -128, 127]
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, DenseI32ArrayAttr:$entries);
  let assemblyFormat = "$sym_name `=` $entries attr-dict";
  let hasVerifier = 1;
}

def Systolic_DmaInOp : Systolic_InstructionOp<"dma_in"> {
  let summary = "copies blocks of rows from DRAM into the unified buffer";
  let description = [{
    `count` blocks of `length` consecutive rows; block i starts at row
    `i * dram_stride` of the source and `i * ub_stride` of the destination
    (a halo-padded destination takes the image rows one padded row apart).

    ```mlir
    systolic.dma_in @image[0] -> @padded[9] count 6 length 6 strides(6, 8) {signal = array<i32: 0>}
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, I64Attr:$source_row, FlatSymbolRefAttr:$dest,
                   I64Attr:$dest_row, I64Attr:$count, I64Attr:$length, I64Attr:$dram_stride,
                   I64Attr:$ub_stride, OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = [{
    $source `[` $source_row `]` `->` $dest `[` $dest_row `]` `count` $count `length` $length
    `strides` `(` $dram_stride `,` $ub_stride `)` attr-dict
  }];
}

def Systolic_DmaOutOp : Systolic_InstructionOp<"dma_out"> {
  let summary = "copies blocks of rows from the unified buffer to DRAM";
  let description = [{
    The mirror of `systolic.dma_in`.

    ```mlir
    systolic.dma_out @result[0] -> @output[0] count 1 length 36 strides(0, 0)
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, I64Attr:$source_row, FlatSymbolRefAttr:$dest,
                   I64Attr:$dest_row, I64Attr:$count, I64Attr:$length, I64Attr:$ub_stride,
                   I64Attr:$dram_stride, OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = [{
    $source `[` $source_row `]` `->` $dest `[` $dest_row `]` `count` $count `length` $length
    `strides` `(` $ub_stride `,` $dram_stride `)` attr-dict
  }];
}

def Systolic_LoadWeightsOp : Systolic_InstructionOp<"load_weights"> {
  let summary = "fetches pre-tiled weight tiles from DRAM into the weight FIFO";
  let description = [{
    Each tile is R x C int8, row-major (C rows of R bytes in DRAM). The load
    retires once issued; the array stalls if it switches to a tile that has
    not arrived.

    ```mlir
    systolic.load_weights @conv1_w[0] tiles 2
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, I64Attr:$source_row, I64Attr:$tiles,
                   OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = "$source `[` $source_row `]` `tiles` $tiles attr-dict";
}

def Systolic_MatMulOp : Systolic_InstructionOp<"matmul"> {
  let summary = "streams buffer rows through the array into accumulator rows";
  let description = [{
    Streams `count` x `length` rows: row (i, j) is buffer row
    `i * outer_stride + j * inner_stride` past the source, and lands in
    accumulator row `i * length + j` past the destination. `accumulate`
    adds instead of overwriting; `next_weights` switches to the next FIFO
    tile first. A convolution is one such product per kernel position and
    input-channel tile, shifted by the position's offset in the padded
    image and accumulating in place. With `pair_offset`, two kernel
    positions share one product when the input has at most R/2 channels:
    the array's rows [R/2, R) read lanes [0, R/2) of the row that many
    rows further on (the second position's offset minus the first's).

    ```mlir
    systolic.matmul @padded[10] -> @acc0[0] count 6 length 6 strides(1, 8) {accumulate, next_weights}
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, I64Attr:$source_row, FlatSymbolRefAttr:$dest,
                   I64Attr:$dest_row, I64Attr:$count, I64Attr:$length, I64Attr:$inner_stride,
                   I64Attr:$outer_stride, UnitAttr:$accumulate, UnitAttr:$next_weights,
                   OptionalAttr<I64Attr>:$pair_offset,
                   OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = [{
    $source `[` $source_row `]` `->` $dest `[` $dest_row `]` `count` $count `length` $length
    `strides` `(` $inner_stride `,` $outer_stride `)` attr-dict
  }];
}

def Systolic_ActivateOp : Systolic_InstructionOp<"activate"> {
  let summary = "requantizes accumulator rows to int8 in the unified buffer";
  let description = [{
    Lane c of each row goes through entry `table_entry + c` of the table:
    bias, fixed-point multiplier and shift, zero point, clamp (ReLU, ReLU6
    and clip are clamps). Row (i, j) lands at `i * ub_stride + j` past the
    destination, so the result can be written inside the next layer's halo.
    With `residual`, a fused residual Add: the int8 already at the
    destination (the other operand, brought in by DMA) is added through the
    table entries [residual, residual + 2] (left: the requantized value,
    right: the destination's, output).

    ```mlir
    systolic.activate @acc0[0] -> @out[0] count 6 length 6 stride 6 table @rq[0]
    systolic.activate @acc0[0] -> @out[0] count 6 length 6 stride 6 table @rq[0] residual 128
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$source, I64Attr:$source_row, FlatSymbolRefAttr:$dest,
                   I64Attr:$dest_row, I64Attr:$count, I64Attr:$length, I64Attr:$ub_stride,
                   FlatSymbolRefAttr:$table, I64Attr:$table_entry,
                   OptionalAttr<I64Attr>:$residual,
                   OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = [{
    $source `[` $source_row `]` `->` $dest `[` $dest_row `]` `count` $count `length` $length
    `stride` $ub_stride `table` $table `[` $table_entry `]` (`residual` $residual^)? attr-dict
  }];
}

def Systolic_VectorOp : Systolic_InstructionOp<"vector"> {
  let summary = "buffer-to-buffer add, pooling or copy, requantized";
  let description = [{
    Output row (i, j) is written `i * dst_stride + j` past the destination.
    `add` reads row (i, j) of both sources (`src_stride`, `src_b_stride`)
    and table entries [entry, entry + 2]; `maxpool`/`avgpool` reduce the
    `kernel` window at `stride`; `copy` moves rows. The operation's shape
    travels in CONFIG registers, which the emitter sets before it.

    ```mlir
    systolic.vector maxpool @a[0], @a[0] -> @p[0] count 3 length 3 window(2, 2, 2) strides(6, 0, 3) table @rq[3]
    ```
  }];
  let arguments = (ins Systolic_VectorKind:$kind, FlatSymbolRefAttr:$source_a,
                   I64Attr:$source_a_row, FlatSymbolRefAttr:$source_b, I64Attr:$source_b_row,
                   FlatSymbolRefAttr:$dest, I64Attr:$dest_row, I64Attr:$count, I64Attr:$length,
                   I64Attr:$kernel_h, I64Attr:$kernel_w, I64Attr:$stride,
                   I64Attr:$src_stride, I64Attr:$src_b_stride, I64Attr:$dst_stride,
                   FlatSymbolRefAttr:$table, I64Attr:$table_entry,
                   OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = [{
    $kind $source_a `[` $source_a_row `]` `,` $source_b `[` $source_b_row `]` `->` $dest `[`
    $dest_row `]` `count` $count `length` $length
    `window` `(` $kernel_h `,` $kernel_w `,` $stride `)`
    `strides` `(` $src_stride `,` $src_b_stride `,` $dst_stride `)`
    `table` $table `[` $table_entry `]` attr-dict
  }];
}

def Systolic_FillOp : Systolic_InstructionOp<"fill"> {
  let summary = "writes one int8 value into buffer rows (halo padding)";
  let description = [{
    Pads with the input's zero point, so padded positions contribute nothing
    once the zero-point correction folded into the bias is applied.

    ```mlir
    systolic.fill @padded[0] count 1 length 64 stride 0 value 3
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$dest, I64Attr:$dest_row, I64Attr:$count,
                   I64Attr:$length, I64Attr:$ub_stride, I8Attr:$value,
                   OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = [{
    $dest `[` $dest_row `]` `count` $count `length` $length `stride` $ub_stride `value` $value
    attr-dict
  }];
}

def Systolic_SyncOp : Systolic_InstructionOp<"sync"> {
  let summary = "waits until every engine has finished all earlier work";
  let description = [{
    ```mlir
    systolic.sync
    ```
  }];
  let arguments = (ins OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = "attr-dict";
}

def Systolic_PerfMarkOp : Systolic_InstructionOp<"perf_mark"> {
  let summary = "starts the per-layer counters of an ONNX node";
  let description = [{
    `layer` indexes the artifact's layer table; `node` is the ONNX node
    name, kept for the node map and the disassembly.

    ```mlir
    systolic.perf_mark 0 "conv1"
    ```
  }];
  let arguments = (ins I64Attr:$layer, StrAttr:$node,
                   OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = "$layer $node attr-dict";
}

def Systolic_HaltOp : Systolic_InstructionOp<"halt"> {
  let summary = "ends the program once every engine has drained";
  let description = [{
    ```mlir
    systolic.halt
    ```
  }];
  let arguments = (ins OptionalAttr<DenseI32ArrayAttr>:$wait,
                   OptionalAttr<DenseI32ArrayAttr>:$signal);
  let assemblyFormat = "attr-dict";
}

#endif // HWC_DIALECTS_SYSTOLIC_SYSTOLICOPS_TD

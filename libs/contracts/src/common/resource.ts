import { ApiProperty } from '@nestjs/swagger';

/** Fields every stored resource carries. */
export class Resource {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Incremented by every change; send it back in If-Match' }) version!: number;
}

import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME_PROPERTY, UUID_PROPERTY, VERSION_PROPERTY } from './limits.js';

/** Fields every stored resource carries. */
export class Resource {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty(DATE_TIME_PROPERTY) createdAt!: string;
  @ApiProperty(DATE_TIME_PROPERTY) updatedAt!: string;
  @ApiProperty({ ...VERSION_PROPERTY, description: 'Incremented by every change; send it back in If-Match' }) version!: number;
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AppPasswords.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class PendingVerificationSubject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SubjectId",
                table: "PendingVerifications",
                type: "uniqueidentifier",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SubjectId",
                table: "PendingVerifications");
        }
    }
}
